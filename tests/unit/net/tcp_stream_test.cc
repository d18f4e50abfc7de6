// TcpStream over a real loopback connection: half-close (shutdown) sends a FIN while receiving
// goes on, and the stream knows both ends' addresses.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <future>
#include <string>
#include <thread>

#include "edged/net/loop_thread.h"
#include "edged/net/tcp_connector.h"

namespace edged::net {
namespace {

// A blocking peer on 127.0.0.1: reads until the client's FIN, then answers "got:<bytes>" and
// closes. It can only answer if the FIN came while the client still reads.
class AnswerAfterFinPeer {
 public:
  AnswerAfterFinPeer() {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    EXPECT_EQ(::listen(listener_, 1), 0);
    socklen_t length = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] {
      int peer = ::accept(listener_, nullptr, nullptr);
      std::string received;
      char buffer[4096];
      for (ssize_t n; (n = ::recv(peer, buffer, sizeof buffer, 0)) > 0;) received.append(buffer, n);
      std::string answer = "got:" + received;
      ::send(peer, answer.data(), answer.size(), MSG_NOSIGNAL);
      ::close(peer);
    });
  }
  ~AnswerAfterFinPeer() {
    thread_.join();
    ::close(listener_);
  }
  uint16_t port() const { return port_; }

 private:
  int listener_ = -1;
  uint16_t port_ = 0;
  std::thread thread_;
};

struct Outcome {
  std::string received;
  std::string shutdown_error = "not run";
  std::string local, peer;
  bool ended_ok = false;
};

TEST(TcpStream, ShutdownSendsFinAndKeepsReading) {
  AnswerAfterFinPeer peer;
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

}  // namespace
}  // namespace edged::net
