// TcpListener: port 0, SO_REUSEPORT sharing between loops, errors as values.
#include "edged/net/tcp_listener.h"

#include <gtest/gtest.h>

#include <atomic>

#include "edged/net/loop_thread.h"
#include "test_client.h"

namespace edged::net {
namespace {

TEST(TcpListener, SeveralLoopsShareOnePort) {
  LoopThread a, b;
  a.start();
  b.start();
  std::unique_ptr<TcpListener> la, lb;
  std::atomic<int> accepted{0};
  // Accepts and closes at once; the handle is freed in its close callback.
  auto acceptOn = [&accepted](LoopThread& loop, std::unique_ptr<TcpListener>& listener) {
    return [&accepted, &loop, &listener] {
      auto client = std::make_unique<uv_tcp_t>();
      uv_tcp_init(loop.loop(), client.get());
      if (listener->accept(client.get()).ok()) ++accepted;
      uv_close(reinterpret_cast<uv_handle_t*>(client.release()),
               [](uv_handle_t* h) { std::unique_ptr<uv_tcp_t>(reinterpret_cast<uv_tcp_t*>(h)); });
    };
  };
  uint16_t port = 0;
  a.runSync([&] {
    auto r = TcpListener::open(a.loop(), "127.0.0.1", 0, acceptOn(a, la));
    ASSERT_TRUE(r.ok()) << r.error().message;
    la = std::move(r).value();
    port = la->port();
  });
  ASSERT_NE(port, 0);
  b.runSync([&] {
    auto r = TcpListener::open(b.loop(), "127.0.0.1", port, acceptOn(b, lb));
    ASSERT_TRUE(r.ok()) << r.error().message;
    lb = std::move(r).value();
    EXPECT_EQ(lb->port(), port);
  });
  for (int i = 0; i < 8; ++i) {
    TestClient client(port);
    EXPECT_TRUE(client.connected());
    client.waitClosed();
  }
  a.runSync([&] { la.reset(); });
  b.runSync([&] { lb.reset(); });
  EXPECT_EQ(accepted.load(), 8);
  a.stop();
  b.stop();
}

TEST(TcpListener, BadAddressIsAnError) {
  LoopThread loop;
  loop.start();
  loop.runSync([&] {
    auto r = TcpListener::open(loop.loop(), "not an address", 0, [] {});
    EXPECT_FALSE(r.ok());
    auto r2 = TcpListener::open(loop.loop(), "192.0.2.1", 0, [] {});  // not a local address
    ASSERT_FALSE(r2.ok());
    EXPECT_NE(r2.error().message.find("bind"), std::string::npos) << r2.error().message;
  });
  loop.stop();
}

}  // namespace
}  // namespace edged::net
