#pragma once
// A real HttpServer on a LoopThread, listening on 127.0.0.1 with an OS-chosen port, for tests
// that talk to it through TestClient. Handlers run on the loop thread.

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <string>

#include "edged/net/http_server.h"
#include "edged/net/loop_thread.h"
#include "test_client.h"

namespace edged::net {

class HttpServerTest : public ::testing::Test {
 protected:
  void start(RequestHandler handler, HttpLimits limits = {}) {
    loop_.start();
    loop_.runSync([&] {
      Result<int> port = server_.listen(loop_.loop(), "127.0.0.1", 0, limits, std::move(handler));
      ASSERT_TRUE(port.ok()) << port.error().message;
      port_ = static_cast<uint16_t>(port.value());
    });
  }

  // Starts a graceful close; the future is ready once the server's close callback ran.
  std::future<void> beginClose() {
    auto closed = std::make_shared<std::promise<void>>();
    std::future<void> done = closed->get_future();
    closed_ = true;
    loop_.post([this, closed] { server_.close([closed] { closed->set_value(); }); });
    return done;
  }

  void TearDown() override {
    if (port_ != 0 && !closed_) {
      EXPECT_EQ(beginClose().wait_for(std::chrono::seconds(5)), std::future_status::ready);
    }
    loop_.stop();
  }

  size_t connectionCount() {
    size_t count = 0;
    loop_.runSync([&] { count = server_.connectionCount(); });
    return count;
  }

  // Returns once the loop has handled every socket event that was already pending when called
  // (e.g. an EOF whose FIN the server's kernel acknowledged). The first task may run in the same
  // poll batch as those events, before their callbacks; the second is posted after it ran, so it
  // waits for the next poll, after the whole batch.
  void settleLoop() {
    loop_.runSync([] {});
    loop_.runSync([] {});
  }

  // Runs `fn` on the loop after `ms` milliseconds (from a handler, on the loop thread).
  void after(uint64_t ms, std::function<void()> fn) {
    struct Delay {
      uv_timer_t timer;
      std::function<void()> fn;
    };
    auto delay = std::make_unique<Delay>();
    delay->fn = std::move(fn);
    uv_timer_init(loop_.loop(), &delay->timer);
    delay->timer.data = delay.get();
    uv_timer_start(
        &delay->timer,
        [](uv_timer_t* t) {
          static_cast<Delay*>(t->data)->fn();
          uv_close(reinterpret_cast<uv_handle_t*>(t), [](uv_handle_t* h) {
            std::unique_ptr<Delay> release(static_cast<Delay*>(h->data));
          });
        },
        ms, 0);
    delay.release();  // freed in the close callback
  }

  // Whether RSS reflects buffering: ASan keeps freed memory in quarantine, so it does not.
  static constexpr bool kRssIsMeaningful =
#if defined(__SANITIZE_ADDRESS__)
      false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
      false;
#else
      true;
#endif
#else
      true;
#endif

  // Peak resident memory of the test process so far, in KiB.
  static long peakRssKiB() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
  }

  LoopThread loop_;
  HttpServer server_;
  uint16_t port_ = 0;
  bool closed_ = false;
};

// A whole response with a known length.
inline void respond(HttpExchange& exchange, int status, std::string body,
                    std::vector<HttpHeader> headers = {{"Content-Type", "text/plain"}}) {
  exchange.writeHead(status, "", headers, body.size());
  exchange.writeBody(std::move(body));
  exchange.end();
}

}  // namespace edged::net
