// HttpServer limits and timeouts (431, 413, 408, idle close), streaming without buffering whole
// bodies, and graceful close.
#include <atomic>
#include <thread>

#include "server_fixture.h"

namespace edged::net {
namespace {

constexpr uint64_t kBig = 64ull << 20;     // 64 MiB through a connection
constexpr long kMaxGrowthKiB = 24 * 1024;  // far below kBig: nothing was buffered whole

// Size limits only: the timers keep their long defaults, so a test thread that is descheduled
// for a while between connect() and send() still gets its 431/413, not a 408.
HttpLimits smallLimits() {
  HttpLimits limits;
  limits.max_header_bytes = 1024;
  limits.max_header_count = 8;
  limits.max_body_bytes = 1000;
  return limits;
}

// One short timer; the others keep their long defaults (or are off), so only that timer can
// fire, whenever the client happens to run.
HttpLimits shortHeaderTimeout() {
  HttpLimits limits;
  limits.header_timeout_ms = 150;
  limits.idle_timeout_ms = 0;  // off: the wait before a second request is not what is tested
  return limits;
}

HttpLimits shortIdleTimeout() {
  HttpLimits limits;
  limits.idle_timeout_ms = 150;
  return limits;
}

HttpLimits shortUnreadBodyGrace() {
  HttpLimits limits;
  limits.unread_body_grace_ms = 150;
  return limits;
}

void okHandler(std::shared_ptr<HttpExchange> exchange) { respond(*exchange, 200, "ok"); }

TEST_F(HttpServerTest, HeaderSectionTooLargeIs431) {
  start(okHandler, smallLimits());
  TestClient client(port_);
  client.send(getRequest("/", "X-Big: " + std::string(2000, 'x') + "\r\n"));
  EXPECT_EQ(client.readResponse().status, 431);
  EXPECT_TRUE(client.waitClosed());
}

TEST_F(HttpServerTest, TooManyHeaderFieldsIs431) {
  start(okHandler, smallLimits());
  TestClient client(port_);
  std::string fields;
  for (int i = 0; i < 10; ++i) fields += "X-" + std::to_string(i) + ": v\r\n";
  client.send(getRequest("/", fields));
  EXPECT_EQ(client.readResponse().status, 431);
  EXPECT_TRUE(client.waitClosed());
}

TEST_F(HttpServerTest, DeclaredBodyTooLargeIs413BeforeTheHandlerRuns) {
  std::atomic<int> handled{0};
  start([&](std::shared_ptr<HttpExchange> e) { ++handled, okHandler(e); }, smallLimits());
  TestClient client(port_);
  client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1001\r\n\r\n");
  EXPECT_EQ(client.readResponse().status, 413);
  EXPECT_TRUE(client.waitClosed());
  EXPECT_EQ(handled.load(), 0);
}

TEST_F(HttpServerTest, ChunkedBodyOverTheLimitIs413AndFailsTheReader) {
  std::promise<bool> body_ok;
  start(
      [&](std::shared_ptr<HttpExchange> exchange) {
        exchange->readBody([](std::string_view) {},
                           [&body_ok](Status s) { body_ok.set_value(s.ok()); });
      },
      smallLimits());
  TestClient client(port_);
  client.send("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n");
  std::string chunk = "1f4\r\n" + std::string(500, 'a') + "\r\n";
  client.send(chunk + chunk + chunk);
  EXPECT_EQ(client.readResponse().status, 413);
  EXPECT_TRUE(client.waitClosed());
  EXPECT_FALSE(body_ok.get_future().get());
}

TEST_F(HttpServerTest, SlowHeadGets408) {
  start(okHandler, shortHeaderTimeout());
  TestClient client(port_);
  client.send("GET / HTTP/1.1\r\nHost: t\r\n");  // never finished
  TestResponse r = client.readResponse();
  EXPECT_EQ(r.status, 408);
  EXPECT_TRUE(client.waitClosed());
}

TEST_F(HttpServerTest, SlowSecondRequestGets408) {
  start(okHandler, shortHeaderTimeout());
  TestClient client(port_);
  client.send(getRequest("/"));
  EXPECT_EQ(client.readResponse().status, 200);
  client.send("GET / HTTP/1.1\r\n");
  EXPECT_EQ(client.readResponse().status, 408);
  EXPECT_TRUE(client.waitClosed());
}

TEST_F(HttpServerTest, IdleKeepAliveConnectionIsClosedQuietly) {
  start(okHandler, shortIdleTimeout());
  TestClient client(port_);
  client.send(getRequest("/"));
  EXPECT_EQ(client.readResponse().status, 200);
  EXPECT_TRUE(client.waitClosed());  // no bytes, just the close
  EXPECT_EQ(client.pending(), "");
}

TEST_F(HttpServerTest, UnreadBodyNotSentWithinTheGraceClosesTheConnection) {
  start(okHandler, shortUnreadBodyGrace());
  TestClient client(port_);
  client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nonly part");
  TestResponse r = client.readResponse();
  EXPECT_EQ(r.body, "ok");
  EXPECT_FALSE(r.header("Connection").has_value());  // small enough to be skipped, had it come
  EXPECT_TRUE(client.waitClosed());
}

TEST_F(HttpServerTest, LargeUploadIsStreamedWithBackpressure) {
  // Pauses after every 1 MiB and resumes on a timer, so the socket really stops being read.
  start([this](std::shared_ptr<HttpExchange> exchange) {
    auto received = std::make_shared<uint64_t>(0);
    exchange->readBody(
        [this, exchange, received](std::string_view chunk) {
          uint64_t before = *received;
          *received += chunk.size();
          if (before / (1 << 20) != *received / (1 << 20)) {
            exchange->pauseBody();
            after(1, [exchange] { exchange->resumeBody(); });
          }
        },
        [exchange, received](Status s) {
          respond(*exchange, s ? 200 : 500, std::to_string(*received));
        });
  });
  long rss_before = peakRssKiB();
  TestClient client(port_);
  client.send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: " + std::to_string(kBig) +
              "\r\n\r\n");
  std::string piece(256 * 1024, 'u');
  for (uint64_t sent = 0; sent < kBig; sent += piece.size()) ASSERT_TRUE(client.send(piece));
  TestResponse r = client.readResponse();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, std::to_string(kBig));
  if (kRssIsMeaningful) {
    EXPECT_LT(peakRssKiB() - rss_before, kMaxGrowthKiB);
  }
}

TEST_F(HttpServerTest, LargeDownloadIsStreamedAsTheClientReads) {
  // Writes the next 64 KiB only when the previous piece was flushed to the kernel.
  start([](std::shared_ptr<HttpExchange> exchange) {
    exchange->writeHead(200, "", {}, kBig);
    auto sent = std::make_shared<uint64_t>(0);
    auto pump = std::make_shared<std::function<void()>>();
    *pump = [exchange, sent, pump] {
      if (*sent == kBig) {
        exchange->end();
        *pump = nullptr;  // breaks the self-reference
        return;
      }
      size_t n = static_cast<size_t>(std::min<uint64_t>(64 * 1024, kBig - *sent));
      *sent += n;
      exchange->writeBody(std::string(n, 'd'), [pump] { (*pump)(); });
    };
    (*pump)();
  });
  long rss_before = peakRssKiB();
  TestClient client(port_);
  client.send(getRequest("/download"));
  TestResponse head = client.readHead();
  EXPECT_EQ(head.header("Content-Length"), std::to_string(kBig));
  EXPECT_EQ(client.discard(kBig), kBig);
  if (kRssIsMeaningful) {
    EXPECT_LT(peakRssKiB() - rss_before, kMaxGrowthKiB);
  }
  client.send(getRequest("/download"));  // the connection is still usable
  EXPECT_EQ(client.readHead().status, 200);
  EXPECT_EQ(client.discard(kBig), kBig);
}

TEST_F(HttpServerTest, EchoStreamsBothWaysWithBackpressure) {
  // Request chunks are written back as they come; reading pauses while too much is unflushed.
  start([](std::shared_ptr<HttpExchange> exchange) {
    exchange->writeHead(200, "", {}, std::nullopt);
    auto unflushed = std::make_shared<size_t>(0);
    exchange->readBody(
        [exchange, unflushed](std::string_view chunk) {
          *unflushed += chunk.size();
          if (*unflushed > 256 * 1024) exchange->pauseBody();
          exchange->writeBody(std::string(chunk), [exchange, unflushed, n = chunk.size()] {
            *unflushed -= n;
            if (*unflushed <= 256 * 1024) exchange->resumeBody();
          });
        },
        [exchange](Status s) {
          if (s) exchange->end();
        });
  });
  constexpr uint64_t kSize = 16ull << 20;
  TestClient client(port_);
  client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + std::to_string(kSize) +
              "\r\n\r\n");
  std::thread sender([&client] {
    std::string piece(100 * 1000, 'e');
    for (uint64_t sent = 0; sent < kSize; sent += piece.size()) {
      client.send(
          std::string_view(piece).substr(0, std::min<uint64_t>(piece.size(), kSize - sent)));
    }
  });
  TestResponse r = client.readResponse();
  sender.join();
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.body.size(), kSize);
  EXPECT_EQ(r.body.find_first_not_of('e'), std::string::npos);
}

TEST_F(HttpServerTest, GracefulCloseFinishesBusyConnectionsAndClosesIdleOnes) {
  std::promise<std::shared_ptr<HttpExchange>> slow_started;
  start([&](std::shared_ptr<HttpExchange> exchange) {
    if (exchange->head().target != "/slow") return okHandler(exchange);
    slow_started.set_value(exchange);  // answered by the test, once the drain has begun
  });
  TestClient idle(port_);
  idle.send(getRequest("/"));
  EXPECT_EQ(idle.readResponse().status, 200);
  TestClient busy(port_);
  busy.send(getRequest("/slow"));
  auto slow = slow_started.get_future();
  ASSERT_EQ(slow.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  std::shared_ptr<HttpExchange> exchange = slow.get();

  std::future<void> closed = beginClose();
  // Loop tasks run in order: this one runs after server_.close() started the drain.
  loop_.post([exchange] { respond(*exchange, 200, "finished"); });
  EXPECT_TRUE(idle.waitClosed());
  TestResponse r = busy.readResponse();
  EXPECT_EQ(r.body, "finished");
  EXPECT_EQ(r.header("Connection"), "close");  // its head was written during the drain
  EXPECT_TRUE(busy.waitClosed());
  EXPECT_EQ(closed.wait_for(std::chrono::seconds(3)), std::future_status::ready);
  EXPECT_FALSE(TestClient(port_).connected());  // no longer accepting
}

}  // namespace
}  // namespace edged::net
