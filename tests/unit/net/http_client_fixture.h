#pragma once
// An HttpClientPool on a LoopThread for the client tests: send(request) runs an exchange on the
// loop and returns a future of everything the handler saw.

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <string>

#include "edged/net/http_client_pool.h"
#include "edged/net/loop_thread.h"

namespace edged::net::testing {

struct Outcome {
  bool ok = false;        // the response completed
  std::string error;      // why it failed
  HttpResponseHead head;  // status 0 when no head arrived
  std::string body;
};

inline HttpClientRequest requestTo(uint16_t port, std::string method = "GET",
                                   std::string target = "/", bool tls = false,
                                   std::string host = "127.0.0.1") {
  HttpClientRequest request;
  request.origin = HttpOrigin{tls, host, port};
  request.method = std::move(method);
  request.target = std::move(target);
  request.host_header = host + ":" + std::to_string(port);
  return request;
}

class HttpClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    loop_.start();
    loop_.runSync([&] { pool_ = HttpClientPool::create(loop_.loop(), limits_); });
  }
  void TearDown() override {
    loop_.runSync([&] {
      exchanges_.clear();
      pool_.reset();
    });
    loop_.stop();
  }

  // Starts `request` on the loop; `drive` runs right after start (on the loop) to write the body.
  // `on_chunk` runs on the loop for each body chunk with the exchange (e.g. to pause it).
  std::future<Outcome> send(
      HttpClientRequest request,
      std::function<void(HttpClientExchange&)> drive = nullptr,
      std::function<void(HttpClientExchange&, std::string_view)> on_chunk = nullptr) {
    auto promise = std::make_shared<std::promise<Outcome>>();
    auto outcome = std::make_shared<Outcome>();
    std::future<Outcome> result = promise->get_future();
    loop_.post([=, this, request = std::move(request)]() mutable {
      int id = next_id_++;
      auto weak = std::make_shared<std::weak_ptr<HttpClientExchange>>();
      HttpClientExchange::Handler handler{
          [outcome](HttpResponseHead head) { outcome->head = std::move(head); },
          [outcome, weak, on_chunk](std::string_view bytes) {
            outcome->body.append(bytes);
            if (auto exchange = weak->lock(); exchange && on_chunk) on_chunk(*exchange, bytes);
          },
          [this, id, outcome, promise](Status status) {
            outcome->ok = status.ok();
            if (!status) outcome->error = status.error().message;
            promise->set_value(*outcome);
            exchanges_.erase(id);
          },
      };
      std::shared_ptr<HttpClientExchange> exchange = pool_->start(std::move(request), handler);
      *weak = exchange;
      exchanges_[id] = exchange;
      if (drive) drive(*exchange);
    });
    return result;
  }

  static Outcome wait(std::future<Outcome> future) {
    if (future.wait_for(std::chrono::seconds(20)) != std::future_status::ready) {
      ADD_FAILURE() << "the exchange did not finish";
      return {};
    }
    return future.get();
  }

  size_t idleConnections() {
    size_t count = 0;
    loop_.runSync([&] { count = pool_->idleConnections(); });
    return count;
  }

  HttpClientLimits limits_;
  LoopThread loop_;
  std::shared_ptr<HttpClientPool> pool_;
  std::map<int, std::shared_ptr<HttpClientExchange>> exchanges_;  // loop thread only
  int next_id_ = 0;
};

}  // namespace edged::net::testing
