// TcpStream over a real loopback connection: half-close (shutdown) sends a FIN while receiving
// goes on, the stream knows both ends' addresses, and a write failing after the peer's EOF still
// reaches its writer.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <functional>
#include <future>
#include <string>
#include <thread>

#include "edged/net/loop_thread.h"
#include "edged/net/tcp_connector.h"

namespace edged::net {
namespace {

// A blocking peer on 127.0.0.1 that accepts one connection and runs `serve` on it (then closes
// it) on a thread of its own.
class BlockingPeer {
 public:
  explicit BlockingPeer(std::function<void(int)> serve) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    EXPECT_EQ(::listen(listener_, 1), 0);
    socklen_t length = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this, serve = std::move(serve)] {
      int peer = ::accept(listener_, nullptr, nullptr);
      serve(peer);
      ::close(peer);
    });
  }
  ~BlockingPeer() {
    thread_.join();
    ::close(listener_);
  }
  uint16_t port() const { return port_; }

 private:
  int listener_ = -1;
  uint16_t port_ = 0;
  std::thread thread_;
};

// Reads until the client's FIN, then answers "got:<bytes>": it can only answer if the FIN came
// while the client still reads.
void answerAfterFin(int peer) {
  std::string received;
  char buffer[4096];
  for (ssize_t n; (n = ::recv(peer, buffer, sizeof buffer, 0)) > 0;) received.append(buffer, n);
  std::string answer = "got:" + received;
  ::send(peer, answer.data(), answer.size(), MSG_NOSIGNAL);
}

// Sends "bye" and closes at once (a FIN, then resets for anything that arrives afterwards).
void closeAtOnce(int peer) { ::send(peer, "bye", 3, MSG_NOSIGNAL); }

struct Outcome {
  std::string received;
  std::string shutdown_error = "not run";
  std::string local, peer;
  bool ended_ok = false;
};

TEST(TcpStream, ShutdownSendsFinAndKeepsReading) {
  BlockingPeer peer(answerAfterFin);
  LoopThread loop;
  loop.start();
  std::promise<Outcome> done;
  auto outcome = std::make_shared<Outcome>();
  std::unique_ptr<TcpConnector> connector;
  std::unique_ptr<TcpStream> stream;
  loop.runSync([&] {
    connector = TcpConnector::start(
        loop.loop(), "127.0.0.1", peer.port(), 5000, [&](Result<std::unique_ptr<TcpStream>> tcp) {
          ASSERT_TRUE(tcp.ok()) << tcp.error().message;
          stream = std::move(tcp.value());
          outcome->local = stream->localAddress();
          outcome->peer = stream->peerAddress();
          stream->setHandler({[outcome](std::string_view bytes) { outcome->received += bytes; },
                              [&, outcome](Status status) {
                                outcome->ended_ok = status.ok();
                                done.set_value(*outcome);
                              }});
          stream->startReading();
          stream->write("hello", nullptr);
          stream->shutdown([outcome](Status status) {
            outcome->shutdown_error = status.ok() ? "" : status.error().message;
          });
        });
  });
  Outcome result = done.get_future().get();
  loop.runSync([&] {
    stream.reset();
    connector.reset();
  });
  loop.stop();
  EXPECT_EQ(result.received, "got:hello");
  EXPECT_TRUE(result.ended_ok);
  EXPECT_EQ(result.shutdown_error, "");
  EXPECT_EQ(result.peer, "127.0.0.1:" + std::to_string(peer.port()));
  EXPECT_EQ(result.local.rfind("127.0.0.1:", 0), 0u) << result.local;
}

// Writes to `stream` until a write reports an error (at most `left` more), then fulfils `failed`.
void writeUntilFailure(TcpStream& stream, int left, std::promise<std::string>& failed) {
  if (left == 0) return failed.set_value("every write succeeded");
  stream.write("anyone there?", [&stream, left, &failed](Status status) {
    if (!status.ok()) return failed.set_value(status.error().message);
    writeUntilFailure(stream, left - 1, failed);
  });
}

// With a half-open connection the peer's EOF comes first; a later write meets its reset. Nobody
// but the writer is left to tell (on_end already ran), so its callback gets the error.
TEST(TcpStream, WriteFailingAfterTheEndReachesItsCallback) {
  std::signal(SIGPIPE, SIG_IGN);  // as edged's server does: the broken pipe is an error, not a kill
  BlockingPeer peer(closeAtOnce);
  LoopThread loop;
  loop.start();
  std::promise<std::string> failed;
  std::unique_ptr<TcpConnector> connector;
  std::unique_ptr<TcpStream> stream;
  std::string received;
  bool ended_ok = false;
  loop.runSync([&] {
    connector = TcpConnector::start(
        loop.loop(), "127.0.0.1", peer.port(), 5000, [&](Result<std::unique_ptr<TcpStream>> tcp) {
          ASSERT_TRUE(tcp.ok()) << tcp.error().message;
          stream = std::move(tcp.value());
          stream->setHandler({[&](std::string_view bytes) { received += bytes; },
                              [&](Status status) {
                                ended_ok = status.ok();
                                writeUntilFailure(*stream, 10'000, failed);
                              }});
          stream->startReading();
        });
  });
  std::future<std::string> error = failed.get_future();
  ASSERT_EQ(error.wait_for(std::chrono::seconds(5)), std::future_status::ready)
      << "a write after the end never settled";
  std::string message = error.get();
  loop.runSync([&] {
    stream.reset();
    connector.reset();
  });
  loop.stop();
  EXPECT_EQ(received, "bye");
  EXPECT_TRUE(ended_ok);
  EXPECT_EQ(message.rfind("write failed: ", 0), 0u) << message;
}

}  // namespace
}  // namespace edged::net
