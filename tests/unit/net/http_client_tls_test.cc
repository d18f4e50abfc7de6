// HTTPS through HttpClientPool (TlsStream over TCP) against an in-process OpenSSL server with
// certificates made at test time: SNI, certificate and host name verification, reuse, bodies.
#include <gtest/gtest.h>

#include <cstdlib>
#include <mutex>

#include "edged/net/tls_stream.h"
#include "http_client_fixture.h"
#include "http_client_test_certificates.h"
#include "http_client_test_origin.h"

namespace edged::net::testing {
namespace {

class HttpsClientTest : public HttpClientTest {
 protected:
  // Trusts only `ca_pem` besides the system store; the pool loads it on its first https request.
  void trust(const std::string& ca_pem) {
    ca_file_ = writeTempFile(ca_pem);
    ::setenv("SSL_CERT_FILE", ca_file_.c_str(), 1);
  }
  void TearDown() override {
    HttpClientTest::TearDown();
    ::unsetenv("SSL_CERT_FILE");
    if (!ca_file_.empty()) std::remove(ca_file_.c_str());
    if (server_ctx_ != nullptr) SSL_CTX_free(server_ctx_);
  }
  SSL_CTX* serverFor(const TestCertificates& certificates) {
    server_ctx_ = makeServerContext(certificates);
    return server_ctx_;
  }

  std::string ca_file_;
  SSL_CTX* server_ctx_ = nullptr;
};

// Answers each request with its request line and the SNI name it came with.
void answerWithServerName(OriginSocket& socket) {
  for (;;) {
    std::string head = socket.readHead();
    if (head.empty()) return;
    std::string body = socket.readBody(head);
    socket.write(okResponse(head.substr(0, head.find("\r\n")) + " sni=" + socket.serverName() +
                            " body=" + std::to_string(body.size())));
  }
}

TEST_F(HttpsClientTest, TrustedCertificateWithSniAndReuse) {
  TestCertificates certs = makeTestCertificates({"DNS:localhost"});
  trust(certs.ca_pem);
  TestOrigin origin(answerWithServerName, serverFor(certs));
  Outcome first = wait(send(requestTo(origin.port(), "GET", "/secure", true, "localhost")));
  ASSERT_TRUE(first.ok) << first.error;
  EXPECT_EQ(first.body, "GET /secure HTTP/1.1 sni=localhost body=0");
  Outcome second = wait(send(requestTo(origin.port(), "GET", "/again", true, "localhost")));
  ASSERT_TRUE(second.ok) << second.error;
  EXPECT_EQ(origin.connections(), 1);
}

TEST_F(HttpsClientTest, IpAddressIsCheckedAgainstIpSubjectAltNames) {
  TestCertificates certs = makeTestCertificates({"IP:127.0.0.1"});
  trust(certs.ca_pem);
  TestOrigin origin(answerWithServerName, serverFor(certs));
  Outcome out = wait(send(requestTo(origin.port(), "GET", "/ip", true, "127.0.0.1")));
  ASSERT_TRUE(out.ok) << out.error;
  EXPECT_EQ(out.body, "GET /ip HTTP/1.1 sni= body=0");  // RFC 6066 §3: no SNI for addresses
}

TEST_F(HttpsClientTest, UntrustedCertificateIsRejected) {
  TestCertificates certs = makeTestCertificates({"DNS:localhost"});
  trust(makeTestCertificates({"DNS:localhost"}).ca_pem);  // another CA
  TestOrigin origin(answerWithServerName, serverFor(certs));
  Outcome out = wait(send(requestTo(origin.port(), "GET", "/", true, "localhost")));
  EXPECT_FALSE(out.ok);
  EXPECT_EQ(out.error.rfind("TLS peer's certificate is not trusted; reason = ", 0), 0u) << out.error;
  EXPECT_EQ(origin.connections(), 0);
}

TEST_F(HttpsClientTest, WrongHostNameIsRejected) {
  TestCertificates certs = makeTestCertificates({"DNS:other.test"});
  trust(certs.ca_pem);
  TestOrigin origin(answerWithServerName, serverFor(certs));
  Outcome out = wait(send(requestTo(origin.port(), "GET", "/", true, "localhost")));
  EXPECT_FALSE(out.ok);
  EXPECT_EQ(out.error, "TLS peer's certificate is not trusted; reason = hostname mismatch");
}

TEST_F(HttpsClientTest, PlainHttpOriginFailsTheHandshake) {
  TestOrigin origin([](OriginSocket& socket) {
    socket.readExactly(1);  // the ClientHello, which a plain HTTP server cannot parse
    socket.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  });
  Outcome out = wait(send(requestTo(origin.port(), "GET", "/", true, "localhost")));
  EXPECT_FALSE(out.ok);
  EXPECT_EQ(out.error.rfind("TLS handshake failed.", 0), 0u) << out.error;
}

TEST_F(HttpsClientTest, LargeBodiesBothWays) {
  TestCertificates certs = makeTestCertificates({"DNS:localhost"});
  trust(certs.ca_pem);
  constexpr size_t kSize = 4 << 20;
  TestOrigin origin(
      [](OriginSocket& socket) {
        std::string head = socket.readHead();
        std::string body = socket.readBody(head);
        socket.write(okResponse(std::string(kSize, 'r'), "X-Uploaded: " + std::to_string(body.size()) + "\r\n"));
        socket.clientClosed(5000);
      },
      serverFor(certs));
  HttpClientRequest request = requestTo(origin.port(), "POST", "/big", true, "localhost");
  request.body_mode = HttpBodyMode::kChunked;
  Outcome out = wait(send(
      request,
      [](HttpClientExchange& e) {
        std::string chunk(256 * 1024, 'u');
        for (size_t sent = 0; sent < kSize; sent += chunk.size()) e.writeBody(chunk, nullptr);
        e.endBody();
      },
      [this](HttpClientExchange& exchange, std::string_view) {
        exchange.pauseResponse();
        std::weak_ptr<HttpClientExchange> weak = exchange.weak_from_this();
        loop_.post([weak] {
          if (auto e = weak.lock()) e->resumeResponse();
        });
      }));
  ASSERT_TRUE(out.ok) << out.error;
  EXPECT_EQ(out.body.size(), kSize);
  bool uploaded = false;
  for (const HttpHeader& h : out.head.headers) {
    uploaded = uploaded || (h.name == "X-Uploaded" && h.value == std::to_string(kSize));
  }
  EXPECT_TRUE(uploaded);
}

}  // namespace
}  // namespace edged::net::testing
