// HttpClientPool and HttpClientExchange against scripted origins on 127.0.0.1: keep-alive reuse,
// streamed request and response bodies, framing, failures and retries.
#include <gtest/gtest.h>

#include <thread>

#include "http_client_fixture.h"
#include "http_client_test_origin.h"

namespace edged::net::testing {
namespace {

// Answers every request on a connection until the client closes it.
void keepAnswering(OriginSocket& socket) {
  for (;;) {
    std::string head = socket.readHead();
    if (head.empty()) return;
    std::string body = socket.readBody(head);
    std::string line = head.substr(0, head.find("\r\n"));
    bool is_head = head.rfind("HEAD ", 0) == 0;
    std::string answer = line + " body=" + std::to_string(body.size());
    if (is_head) {
      socket.write("HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(answer.size()) + "\r\n\r\n");
    } else {
      socket.write(okResponse(answer));
    }
  }
}

TEST_F(HttpClientTest, GetThenReuseTheConnection) {
  TestOrigin origin(keepAnswering);
  Outcome first = wait(send(requestTo(origin.port(), "GET", "/a?b=1")));
  ASSERT_TRUE(first.ok) << first.error;
  EXPECT_EQ(first.head.status, 200);
  EXPECT_EQ(first.body, "GET /a?b=1 HTTP/1.1 body=0");
  EXPECT_EQ(idleConnections(), 1u);
  Outcome second = wait(send(requestTo(origin.port(), "GET", "/again")));
  ASSERT_TRUE(second.ok) << second.error;
  EXPECT_EQ(second.body, "GET /again HTTP/1.1 body=0");
  EXPECT_EQ(origin.connections(), 1);
}

TEST_F(HttpClientTest, HeadResponseHasNoBodyAndKeepsTheConnection) {
  TestOrigin origin(keepAnswering);
  Outcome head = wait(send(requestTo(origin.port(), "HEAD", "/h")));
  ASSERT_TRUE(head.ok) << head.error;
  EXPECT_FALSE(head.head.has_body);
  EXPECT_EQ(head.body, "");
  Outcome get = wait(send(requestTo(origin.port(), "GET", "/g")));
  EXPECT_EQ(get.body, "GET /g HTTP/1.1 body=0");
  EXPECT_EQ(origin.connections(), 1);
}

TEST_F(HttpClientTest, StreamsAChunkedUploadWrittenBeforeAndAfterConnecting) {
  TestOrigin origin(keepAnswering);
  HttpClientRequest request = requestTo(origin.port(), "POST", "/up");
  request.body_mode = HttpBodyMode::kChunked;
  auto flushed = std::make_shared<int>(0);
  Outcome out = wait(send(request, [this, flushed](HttpClientExchange& exchange) {
    // Written while the connection is still being opened: buffered, then sent in order.
    exchange.writeBody("hello ", [flushed] { ++*flushed; });
    std::weak_ptr<HttpClientExchange> weak = exchange.weak_from_this();
    loop_.post([weak, flushed] {
      if (auto e = weak.lock()) {
        e->writeBody("world", [flushed] { ++*flushed; });
        e->endBody();
      }
    });
  }));
  ASSERT_TRUE(out.ok) << out.error;
  EXPECT_EQ(out.body, "POST /up HTTP/1.1 body=11");
  loop_.runSync([] {});
  EXPECT_EQ(*flushed, 2);
}

TEST_F(HttpClientTest, ContentLengthUploadMustMatch) {
  TestOrigin origin(keepAnswering);
  HttpClientRequest request = requestTo(origin.port(), "PUT", "/p");
  request.body_mode = HttpBodyMode::kLength;
  request.content_length = 4;
  Outcome ok = wait(send(request, [](HttpClientExchange& e) {
    e.writeBody("ab", nullptr);
    e.writeBody("cd", nullptr);
    e.endBody();
  }));
  ASSERT_TRUE(ok.ok) << ok.error;
  EXPECT_EQ(ok.body, "PUT /p HTTP/1.1 body=4");
  Outcome too_long = wait(send(request, [](HttpClientExchange& e) { e.writeBody("abcde", nullptr); }));
  EXPECT_FALSE(too_long.ok);
  EXPECT_NE(too_long.error.find("longer than its declared Content-Length"), std::string::npos);
}

TEST_F(HttpClientTest, LargeResponseWithBackpressure) {
  constexpr size_t kSize = 8 << 20;
  TestOrigin origin([](OriginSocket& socket) {
    socket.readHead();
    socket.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
    std::string chunk(64 * 1024, 'x');
    for (size_t sent = 0; sent < kSize; sent += chunk.size()) {
      socket.write("10000\r\n" + chunk + "\r\n");
    }
    socket.write("0\r\n\r\n");
    keepAnswering(socket);
  });
  auto pauses = std::make_shared<int>(0);
  Outcome out = wait(send(requestTo(origin.port()), nullptr,
                          [this, pauses](HttpClientExchange& exchange, std::string_view) {
                            // A slow reader: pause after each chunk, resume on a later loop turn.
                            ++*pauses;
                            exchange.pauseResponse();
                            std::weak_ptr<HttpClientExchange> weak = exchange.weak_from_this();
                            loop_.post([weak] {
                              if (auto e = weak.lock()) e->resumeResponse();
                            });
                          }));
  ASSERT_TRUE(out.ok) << out.error;
  EXPECT_EQ(out.body.size(), kSize);
  EXPECT_GT(*pauses, 10);
  EXPECT_EQ(idleConnections(), 1u);
}

TEST_F(HttpClientTest, CloseDelimitedResponseIsNotReused) {
  TestOrigin origin([](OriginSocket& socket) {
    socket.readHead();
    socket.write("HTTP/1.1 200 OK\r\n\r\nuntil the end");
  });
  Outcome first = wait(send(requestTo(origin.port())));
  ASSERT_TRUE(first.ok) << first.error;
  EXPECT_EQ(first.body, "until the end");
  EXPECT_FALSE(first.head.keep_alive);
  EXPECT_EQ(idleConnections(), 0u);
  Outcome second = wait(send(requestTo(origin.port())));
  EXPECT_TRUE(second.ok);
  EXPECT_EQ(origin.connections(), 2);
}

TEST_F(HttpClientTest, TruncatedResponseFails) {
  TestOrigin origin([](OriginSocket& socket) {
    socket.readHead();
    socket.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this");
  });
  Outcome out = wait(send(requestTo(origin.port())));
  EXPECT_FALSE(out.ok);
  EXPECT_EQ(out.head.status, 200);
  EXPECT_EQ(out.error, "Network connection lost.");
}

TEST_F(HttpClientTest, InvalidResponseFails) {
  TestOrigin origin([](OriginSocket& socket) {
    socket.readHead();
    socket.write("NOT HTTP AT ALL\r\n\r\n");
  });
  Outcome out = wait(send(requestTo(origin.port())));
  EXPECT_FALSE(out.ok);
  EXPECT_NE(out.error.find("Received an invalid HTTP response."), std::string::npos) << out.error;
}

TEST_F(HttpClientTest, RetriesARequestTheOriginDroppedOnAReusedConnection) {
  std::atomic<int> session{0};
  TestOrigin origin([&session](OriginSocket& socket) {
    if (session++ == 0) {
      // First connection: answer one request, then drop the next one unanswered (as an origin
      // whose keep-alive timer fired just as the request arrived).
      socket.readHead();
      socket.write(okResponse("first"));
      socket.readHead();
      return;
    }
    keepAnswering(socket);
  });
  Outcome first = wait(send(requestTo(origin.port())));
  ASSERT_TRUE(first.ok) << first.error;
  Outcome second = wait(send(requestTo(origin.port(), "GET", "/retried")));
  ASSERT_TRUE(second.ok) << second.error;
  EXPECT_EQ(second.body, "GET /retried HTTP/1.1 body=0");
  EXPECT_EQ(origin.connections(), 2);
}

TEST_F(HttpClientTest, IdleConnectionClosedByTheOriginIsDropped) {
  TestOrigin origin([](OriginSocket& socket) {
    socket.readHead();
    socket.write(okResponse("bye"));  // keep-alive announced, then closed
  });
  ASSERT_TRUE(wait(send(requestTo(origin.port()))).ok);
  for (int i = 0; i < 200 && idleConnections() != 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(idleConnections(), 0u);
}

TEST_F(HttpClientTest, KeepAliveTimeoutHintBoundsIdleTime) {
  TestOrigin origin([](OriginSocket& socket) {
    socket.readHead();
    socket.write(okResponse("x", "Keep-Alive: timeout=1\r\n"));
    socket.clientClosed(5000);
  });
  ASSERT_TRUE(wait(send(requestTo(origin.port()))).ok);
  // timeout=1 leaves no safe idle time: the connection is closed, not pooled.
  EXPECT_EQ(idleConnections(), 0u);
}

TEST_F(HttpClientTest, DnsFailure) {
  Outcome out = wait(send(requestTo(80, "GET", "/", false, "nonexistent.invalid")));
  EXPECT_FALSE(out.ok);
  EXPECT_EQ(out.error.rfind("DNS lookup failed.", 0), 0u) << out.error;
}

TEST_F(HttpClientTest, RefusedConnection) {
  uint16_t port;
  {
    TestOrigin closed_soon([](OriginSocket&) {});
    port = closed_soon.port();
  }
  Outcome out = wait(send(requestTo(port)));
  EXPECT_FALSE(out.ok);
  EXPECT_EQ(out.error.rfind("Network connection lost.", 0), 0u) << out.error;
}

TEST_F(HttpClientTest, ConnectTimeout) {
  limits_.connect_timeout_ms = 200;
  loop_.runSync([&] { pool_ = HttpClientPool::create(loop_.loop(), limits_); });
  // 192.0.2.0/24 (TEST-NET-1, RFC 5737) is never routed: the SYN goes unanswered or fails fast.
  Outcome out = wait(send(requestTo(81, "GET", "/", false, "192.0.2.1")));
  EXPECT_FALSE(out.ok);
  EXPECT_TRUE(out.error == "Connection timed out." ||
              out.error.rfind("Network connection lost.", 0) == 0)
      << out.error;
}

TEST_F(HttpClientTest, AbortClosesTheConnectionWithoutCallbacks) {
  std::promise<bool> closed;
  TestOrigin origin([&closed](OriginSocket& socket) {
    socket.readHead();
    socket.write("HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\npartial");
    closed.set_value(socket.clientClosed(5000));
  });
  auto aborted = std::make_shared<bool>(false);
  std::future<Outcome> out = send(requestTo(origin.port()), nullptr,
                                  [aborted](HttpClientExchange& exchange, std::string_view) {
                                    *aborted = true;
                                    exchange.abort();
                                  });
  EXPECT_TRUE(closed.get_future().get());
  loop_.runSync([] {});
  EXPECT_TRUE(*aborted);
  // The handler was dropped without its end callback running: the promise it held is broken.
  EXPECT_THROW(out.get(), std::future_error);
}

}  // namespace
}  // namespace edged::net::testing
