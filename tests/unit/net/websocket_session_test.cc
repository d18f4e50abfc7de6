// WebSocketSession over real loopback TCP. Server role: an HttpServer whose handler upgrades the
// request (HttpExchange::upgrade) and echoes every message, driven by a raw blocking client that
// sends hand-made frames. Client role: the HTTP client's upgrade (HttpClientPool) against that
// same server, and against a raw server that breaks the protocol.

#include "edged/net/websocket_session.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <mutex>

#include "edged/net/http_client_pool.h"
#include "edged/net/websocket_handshake.h"
#include "server_fixture.h"

namespace edged::net {
namespace {

constexpr std::array<uint8_t, 4> kKey = {0x11, 0x22, 0x33, 0x44};
constexpr std::string_view kHandshake =
    "GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

std::string clientFrame(WebSocketOpcode opcode, std::string_view payload, bool fin = true) {
  return serializeWebSocketFrame({fin, opcode, kKey}, payload);
}

std::string closePayload(uint16_t code, std::string_view reason = {}) {
  return serializeClosePayload(WebSocketClose{code, std::string(reason)});
}

struct ReadFrame {
  bool ok = false;
  bool masked = false;
  WebSocketOpcode opcode = WebSocketOpcode::kBinary;
  std::string payload;  // unmasked
  uint16_t closeCode() const {
    return payload.size() >= 2 ? static_cast<uint16_t>((static_cast<uint8_t>(payload[0]) << 8) |
                                                       static_cast<uint8_t>(payload[1]))
                               : 0;
  }
};

// Reads one frame from a blocking client (a server's frames are unmasked; a client's masked).
template <typename ReadBytes>
ReadFrame readFrame(ReadBytes&& read) {
  ReadFrame frame;
  std::string head;
  if (!read(2, &head)) return frame;
  frame.opcode = static_cast<WebSocketOpcode>(head[0] & 0x0f);
  frame.masked = (head[1] & 0x80) != 0;
  uint64_t length = head[1] & 0x7f;
  if (length >= 126) {
    std::string ext;
    if (!read(length == 126 ? 2 : 8, &ext)) return frame;
    length = 0;
    for (char c : ext) length = (length << 8) | static_cast<uint8_t>(c);
  }
  std::string mask;
  if (frame.masked && !read(4, &mask)) return frame;
  if (!read(length, &frame.payload)) return frame;
  for (size_t i = 0; frame.masked && i < frame.payload.size(); ++i) frame.payload[i] ^= mask[i & 3];
  frame.ok = true;
  return frame;
}

ReadFrame readFrame(TestClient& client) {
  return readFrame([&](size_t n, std::string* out) { return client.readBytes(n, out); });
}

// What one session's handler saw; filled on the loop thread, read by the test.
struct Recorder {
  struct Closed {
    uint16_t code = 0;
    std::string reason;
    bool clean = false;
  };
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::pair<bool, std::string>> messages;
  std::vector<std::string> pongs;
  std::vector<std::string> errors;
  std::optional<Closed> closed;

  template <typename Fn>
  void update(Fn&& fn) {
    std::lock_guard<std::mutex> lock(mutex);
    fn();
    changed.notify_all();
  }
  // Waits until `ready()` holds (under the lock); false after 5 s.
  template <typename Pred>
  bool waitUntil(Pred&& ready) {
    std::unique_lock<std::mutex> lock(mutex);
    return changed.wait_for(lock, std::chrono::seconds(5), ready);
  }
  Closed waitClosed() {
    EXPECT_TRUE(waitUntil([&] { return closed.has_value(); })) << "on_close did not run";
    std::lock_guard<std::mutex> lock(mutex);
    return closed.value_or(Closed{});
  }
};

// A handler that records into `recorder` and, if `echo` is set, echoes each message through it.
WebSocketSession::Handler recordingHandler(std::shared_ptr<Recorder> recorder,
                                           std::function<void(bool, const std::string&)> echo) {
  return {
      [recorder, echo](bool is_text, std::string data) {
        recorder->update([&] { recorder->messages.emplace_back(is_text, data); });  // before the echo
        if (echo) echo(is_text, data);
      },
      [recorder](std::string payload) {
        recorder->update([&] { recorder->pongs.push_back(std::move(payload)); });
      },
      [recorder](std::string message) {
        recorder->update([&] { recorder->errors.push_back(std::move(message)); });
      },
      [recorder](uint16_t code, std::string reason, bool clean) {
        recorder->update([&] { recorder->closed = Recorder::Closed{code, std::move(reason), clean}; });
      },
  };
}

class WebSocketSessionTest : public HttpServerTest {
 protected:
  void SetUp() override {
    start([this](std::shared_ptr<HttpExchange> exchange) { onRequest(std::move(exchange)); });
  }

  void TearDown() override {
    // A drain leaves upgraded connections to their owner: close the sessions first.
    loop_.runSync([&] {
      server_session_.reset();
      client_session_.reset();
      exchanges_.clear();
      pool_.reset();
    });
    HttpServerTest::TearDown();
  }

  // The echo server: /ws upgrades, anything else gets a plain 400. With defer_upgrade_ the
  // handler returns first and upgrades from a later loop turn, as the runtime does once the
  // Worker's promise settles.
  void onRequest(std::shared_ptr<HttpExchange> exchange) {
    if (defer_upgrade_) {
      defer_upgrade_ = false;
      after(20, [this, exchange] { onRequest(exchange); });
      return;
    }
    Result<WebSocketUpgradeRequest> request = checkWebSocketUpgrade(exchange->head());
    if (!request || exchange->head().target != "/ws") {
      respond(*exchange, 400, request ? "not here" : request.error().message);
      return;
    }
    Result<std::unique_ptr<ByteStream>> stream =
        exchange->upgrade("websocket", websocketAcceptHeaders(request->key));
    ASSERT_TRUE(stream.ok()) << stream.error().message;
    server_session_ = std::make_unique<WebSocketSession>(
        loop_.loop(), std::move(stream.value()), WebSocketRole::kServer, server_options_,
        recordingHandler(server_, [this](bool is_text, const std::string& data) {
          if (!server_session_->isOpen()) return;  // closing: a message may still arrive
          Status sent = is_text ? server_session_->sendText(data) : server_session_->sendBinary(data);
          EXPECT_TRUE(sent.ok());
        }));
    server_session_->start();
  }

  // Connects a raw client and completes the handshake (plus `after_head` in the same write).
  std::unique_ptr<TestClient> handshake(std::string_view after_head = {}) {
    auto client = std::make_unique<TestClient>(port_);
    EXPECT_TRUE(client->send(std::string(kHandshake) + std::string(after_head)));
    TestResponse head = client->readHead();
    EXPECT_EQ(head.status, 101) << head.head;
    EXPECT_EQ(head.header("Sec-WebSocket-Accept"), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    EXPECT_EQ(head.header("Upgrade"), "websocket");
    EXPECT_EQ(head.header("Connection"), "Upgrade");
    return client;
  }

  // The server failed the connection: a Close with `code`, then EOF; on_error and 1006 locally.
  void expectFailedWith(TestClient& client, uint16_t code) {
    ReadFrame close = readFrame(client);
    ASSERT_TRUE(close.ok);
    EXPECT_EQ(close.opcode, WebSocketOpcode::kClose);
    EXPECT_FALSE(close.masked);
    EXPECT_EQ(close.closeCode(), code);
    EXPECT_TRUE(client.waitClosed());
    Recorder::Closed closed = server_->waitClosed();
    EXPECT_EQ(closed.code, kCloseAbnormal);
    EXPECT_FALSE(closed.clean);
    std::lock_guard<std::mutex> lock(server_->mutex);
    EXPECT_EQ(server_->errors.size(), 1u);
  }

  WebSocketOptions server_options_;
  bool defer_upgrade_ = false;  // loop thread only once started
  std::shared_ptr<Recorder> server_ = std::make_shared<Recorder>();
  std::unique_ptr<WebSocketSession> server_session_;  // loop thread only

  // Client role (loop thread only).
  std::shared_ptr<HttpClientPool> pool_;
  std::vector<std::shared_ptr<HttpClientExchange>> exchanges_;
  std::unique_ptr<WebSocketSession> client_session_;
};

TEST_F(WebSocketSessionTest, UpgradeThenEchoTextAndBinary) {
  std::unique_ptr<TestClient> client = handshake();
  ASSERT_TRUE(client->send(clientFrame(WebSocketOpcode::kText, "hello")));
  ReadFrame text = readFrame(*client);
  ASSERT_TRUE(text.ok);
  EXPECT_FALSE(text.masked);
  EXPECT_EQ(text.opcode, WebSocketOpcode::kText);
  EXPECT_EQ(text.payload, "hello");

  std::string binary(70000, '\0');
  for (size_t i = 0; i < binary.size(); ++i) binary[i] = static_cast<char>(i);
  ASSERT_TRUE(client->send(clientFrame(WebSocketOpcode::kBinary, binary)));
  ReadFrame echoed = readFrame(*client);
  ASSERT_TRUE(echoed.ok);
  EXPECT_EQ(echoed.opcode, WebSocketOpcode::kBinary);
  EXPECT_EQ(echoed.payload, binary);
  std::lock_guard<std::mutex> lock(server_->mutex);
  ASSERT_EQ(server_->messages.size(), 2u);
  EXPECT_TRUE(server_->messages[0].first);
  EXPECT_FALSE(server_->messages[1].first);
}

TEST_F(WebSocketSessionTest, FramesSentWithTheHandshakeAreNotLost) {
  std::unique_ptr<TestClient> client =
      handshake(clientFrame(WebSocketOpcode::kText, "first") +
                clientFrame(WebSocketOpcode::kText, "second"));
  EXPECT_EQ(readFrame(*client).payload, "first");
  EXPECT_EQ(readFrame(*client).payload, "second");
}

TEST_F(WebSocketSessionTest, LaterUpgradeKeepsFramesThatArrivedMeanwhile) {
  loop_.runSync([&] { defer_upgrade_ = true; });
  auto client = std::make_unique<TestClient>(port_);
  ASSERT_TRUE(client->send(std::string(kHandshake)));
  ASSERT_TRUE(client->send(clientFrame(WebSocketOpcode::kText, "sent before the 101")));
  TestResponse head = client->readHead();
  EXPECT_EQ(head.status, 101);
  EXPECT_EQ(readFrame(*client).payload, "sent before the 101");
}

TEST_F(WebSocketSessionTest, FragmentedMessageWithAPingBetween) {
  std::unique_ptr<TestClient> client = handshake();
  ASSERT_TRUE(client->send(clientFrame(WebSocketOpcode::kText, "Hel", false)));
  ASSERT_TRUE(client->send(clientFrame(WebSocketOpcode::kPing, "are you there")));
  ReadFrame pong = readFrame(*client);  // answered at once, mid-message
  EXPECT_EQ(pong.opcode, WebSocketOpcode::kPong);
  EXPECT_EQ(pong.payload, "are you there");
  ASSERT_TRUE(client->send(clientFrame(WebSocketOpcode::kContinuation, "lo ", false) +
                           clientFrame(WebSocketOpcode::kContinuation, "world")));
  ReadFrame whole = readFrame(*client);
  EXPECT_EQ(whole.opcode, WebSocketOpcode::kText);
  EXPECT_EQ(whole.payload, "Hello world");
}

TEST_F(WebSocketSessionTest, InvalidUtf8Closes1007) {
  std::unique_ptr<TestClient> client = handshake();
  ASSERT_TRUE(client->send(clientFrame(WebSocketOpcode::kText, "bad \xff text")));
  expectFailedWith(*client, 1007);
}

TEST_F(WebSocketSessionTest, InvalidUtf8AcrossFragmentsCloses1007) {
  std::unique_ptr<TestClient> client = handshake();
  // "\xed" alone could start a valid sequence; "\xa0\x80" makes it a surrogate.
  ASSERT_TRUE(client->send(clientFrame(WebSocketOpcode::kText, "ok \xed", false) +
                           clientFrame(WebSocketOpcode::kContinuation, "\xa0\x80")));
  expectFailedWith(*client, 1007);
}

TEST_F(WebSocketSessionTest, Utf8SplitAcrossFragmentsIsFine) {
  std::unique_ptr<TestClient> client = handshake();
  ASSERT_TRUE(client->send(clientFrame(WebSocketOpcode::kText, "smile \xf0\x9f", false) +
                           clientFrame(WebSocketOpcode::kContinuation, "\x98\x80")));
  EXPECT_EQ(readFrame(*client).payload, "smile \xf0\x9f\x98\x80");
}

TEST_F(WebSocketSessionTest, OversizedMessageCloses1009) {
  server_options_.max_message_bytes = 1000;
  std::unique_ptr<TestClient> client = handshake();
  ASSERT_TRUE(client->send(clientFrame(WebSocketOpcode::kBinary, std::string(600, 'a'), false) +
                           clientFrame(WebSocketOpcode::kContinuation, std::string(600, 'b'))));
  expectFailedWith(*client, 1009);
}

TEST_F(WebSocketSessionTest, UnmaskedClientFrameCloses1002) {
  std::unique_ptr<TestClient> client = handshake();
  ASSERT_TRUE(client->send(serializeWebSocketFrame({true, WebSocketOpcode::kText, std::nullopt}, "hi")));
  expectFailedWith(*client, 1002);
}

TEST_F(WebSocketSessionTest, UnknownOpcodeCloses1002) {
  std::unique_ptr<TestClient> client = handshake();
  std::string frame("\x83\x80", 2);
  frame.append(reinterpret_cast<const char*>(kKey.data()), 4);
  ASSERT_TRUE(client->send(frame));
  expectFailedWith(*client, 1002);
}

TEST_F(WebSocketSessionTest, OneByteClosePayloadCloses1002) {
  std::unique_ptr<TestClient> client = handshake();
  ASSERT_TRUE(client->send(clientFrame(WebSocketOpcode::kClose, "x")));
  expectFailedWith(*client, 1002);
}

TEST_F(WebSocketSessionTest, PeerCloseIsEchoedThenTcpCloses) {
  std::unique_ptr<TestClient> client = handshake();
  ASSERT_TRUE(client->send(clientFrame(WebSocketOpcode::kClose, closePayload(4001, "bye"))));
  ReadFrame echo = readFrame(*client);
  ASSERT_TRUE(echo.ok);
  EXPECT_EQ(echo.opcode, WebSocketOpcode::kClose);
  EXPECT_EQ(echo.closeCode(), 4001);
  EXPECT_TRUE(client->waitEof());  // RFC 6455 §7.1.1: the server closes TCP first
  Recorder::Closed closed = server_->waitClosed();
  EXPECT_EQ(closed.code, 4001);
  EXPECT_EQ(closed.reason, "bye");
  EXPECT_TRUE(closed.clean);
}

TEST_F(WebSocketSessionTest, EmptyCloseIsReportedAs1005) {
  std::unique_ptr<TestClient> client = handshake();
  ASSERT_TRUE(client->send(clientFrame(WebSocketOpcode::kClose, "")));
  ReadFrame echo = readFrame(*client);
  EXPECT_EQ(echo.opcode, WebSocketOpcode::kClose);
  EXPECT_EQ(echo.payload, "");
  EXPECT_EQ(server_->waitClosed().code, kCloseNoStatus);
}

TEST_F(WebSocketSessionTest, DropWithoutCloseIs1006) {
  std::unique_ptr<TestClient> client = handshake();
  ASSERT_TRUE(client->send(clientFrame(WebSocketOpcode::kText, "x")));
  EXPECT_EQ(readFrame(*client).payload, "x");
  client.reset();
  Recorder::Closed closed = server_->waitClosed();
  EXPECT_EQ(closed.code, kCloseAbnormal);
  EXPECT_FALSE(closed.clean);
  EXPECT_EQ(connectionCount(), 0u);
}

TEST_F(WebSocketSessionTest, ServerInitiatedClose) {
  std::unique_ptr<TestClient> client = handshake();
  ASSERT_TRUE(client->send(clientFrame(WebSocketOpcode::kText, "x")));
  EXPECT_EQ(readFrame(*client).payload, "x");
  loop_.runSync([&] {
    EXPECT_EQ(server_session_->close(1005).error().message, "Invalid WebSocket close code: 1005.");
    EXPECT_TRUE(server_session_->close(1000, "done").ok());
    EXPECT_FALSE(server_session_->isOpen());
    EXPECT_EQ(server_session_->sendText("late").error().message,
              "Can't call WebSocket send() after close().");
  });
  ReadFrame close = readFrame(*client);
  EXPECT_EQ(close.opcode, WebSocketOpcode::kClose);
  EXPECT_EQ(close.closeCode(), 1000);
  EXPECT_EQ(close.payload.substr(2), "done");
  // Data may still arrive until the peer's Close.
  ASSERT_TRUE(client->send(clientFrame(WebSocketOpcode::kText, "still here") +
                           clientFrame(WebSocketOpcode::kClose, closePayload(1000))));
  EXPECT_TRUE(client->waitEof());
  Recorder::Closed closed = server_->waitClosed();
  EXPECT_EQ(closed.code, 1000);
  EXPECT_TRUE(closed.clean);
  std::lock_guard<std::mutex> lock(server_->mutex);
  EXPECT_EQ(server_->messages.back().second, "still here");
}

TEST_F(WebSocketSessionTest, UnansweredCloseTimesOutAs1006) {
  server_options_.close_timeout_ms = 50;  // the timer under test
  std::unique_ptr<TestClient> client = handshake();
  ASSERT_TRUE(client->send(clientFrame(WebSocketOpcode::kText, "x")));
  EXPECT_EQ(readFrame(*client).payload, "x");
  loop_.runSync([&] { EXPECT_TRUE(server_session_->close(1000).ok()); });
  EXPECT_EQ(readFrame(*client).opcode, WebSocketOpcode::kClose);
  Recorder::Closed closed = server_->waitClosed();  // the client never answers
  EXPECT_EQ(closed.code, kCloseAbnormal);
  EXPECT_FALSE(closed.clean);
  EXPECT_TRUE(client->waitClosed());
}

TEST_F(WebSocketSessionTest, PingFromTheServerGetsAPong) {
  std::unique_ptr<TestClient> client = handshake();
  loop_.runSync([&] {
    EXPECT_FALSE(server_session_->sendPing(std::string(126, 'p')).ok());
    EXPECT_TRUE(server_session_->sendPing("ping?").ok());
  });
  ReadFrame ping = readFrame(*client);
  EXPECT_EQ(ping.opcode, WebSocketOpcode::kPing);
  ASSERT_TRUE(client->send(clientFrame(WebSocketOpcode::kPong, ping.payload)));
  EXPECT_TRUE(server_->waitUntil([&] { return server_->pongs.size() == 1; }));
}

TEST_F(WebSocketSessionTest, UpgradeRefusedAfterAResponseStarted) {
  // Through the exchange directly: a handler that already wrote a head cannot switch.
  HttpServer server;
  LoopThread loop;
  loop.start();
  std::promise<std::string> refusal;
  uint16_t port = 0;
  loop.runSync([&] {
    Result<int> bound = server.listen(loop.loop(), "127.0.0.1", 0, {},
                                      [&](std::shared_ptr<HttpExchange> exchange) {
      exchange->writeHead(200, "", {}, 0);
      Result<std::unique_ptr<ByteStream>> stream = exchange->upgrade("websocket", {});
      refusal.set_value(stream ? "" : stream.error().message);
      exchange->end();
    });
    ASSERT_TRUE(bound.ok());
    port = static_cast<uint16_t>(bound.value());
  });
  TestClient client(port);
  ASSERT_TRUE(client.send(kHandshake));
  EXPECT_EQ(client.readResponse().status, 200);
  EXPECT_EQ(refusal.get_future().get(), "a response has already started");
  std::promise<void> closed;
  loop.post([&] { server.close([&] { closed.set_value(); }); });
  closed.get_future().wait();
  loop.stop();
}

// --- client role ------------------------------------------------------------------------------

class WebSocketClientTest : public WebSocketSessionTest {
 protected:
  struct Upgrade {
    HttpResponseHead head;
    bool upgraded = false;
    std::string error;
  };

  // Starts a WebSocket request from the HTTP client on the loop; on a 101 that passes
  // checkWebSocketResponse, runs a client session recording into client_.
  std::future<Upgrade> connect(uint16_t port, std::string target = "/ws") {
    auto promise = std::make_shared<std::promise<Upgrade>>();
    std::future<Upgrade> result = promise->get_future();
    loop_.post([this, port, target, promise] {
      if (!pool_) pool_ = HttpClientPool::create(loop_.loop());
      std::string key = newWebSocketKey().value();
      HttpClientRequest request;
      request.origin = HttpOrigin{false, "127.0.0.1", port};
      request.method = "GET";
      request.target = target;
      request.host_header = "127.0.0.1:" + std::to_string(port);
      request.headers = websocketRequestHeaders(key);
      request.upgrade = "websocket";
      auto outcome = std::make_shared<Upgrade>();
      HttpClientExchange::Handler handler;
      handler.on_head = [outcome](HttpResponseHead head) { outcome->head = std::move(head); };
      handler.on_end = [outcome, promise](Status status) {
        if (!status) outcome->error = status.error().message;
        promise->set_value(*outcome);
      };
      handler.on_upgrade = [this, key, promise](HttpResponseHead head,
                                                std::unique_ptr<ByteStream> stream) {
        Upgrade upgrade{head, true, {}};
        if (Status checked = checkWebSocketResponse(head, key); !checked) {
          upgrade.error = checked.error().message;
        } else {
          client_session_ = std::make_unique<WebSocketSession>(
              loop_.loop(), std::move(stream), WebSocketRole::kClient, WebSocketOptions{},
              recordingHandler(client_, nullptr));
          client_session_->start();
        }
        promise->set_value(upgrade);
      };
      exchanges_.push_back(pool_->start(std::move(request), std::move(handler)));
    });
    return result;
  }

  std::shared_ptr<Recorder> client_ = std::make_shared<Recorder>();
};

TEST_F(WebSocketClientTest, ClientRoleTalksToServerRole) {
  Upgrade upgrade = connect(port_).get();
  ASSERT_TRUE(upgrade.upgraded);
  ASSERT_EQ(upgrade.error, "");
  loop_.runSync([&] {
    EXPECT_TRUE(client_session_->sendText("from the client").ok());
    EXPECT_TRUE(client_session_->sendBinary(std::string(100000, 'b')).ok());
  });
  ASSERT_TRUE(client_->waitUntil([&] { return client_->messages.size() == 2; }));
  {
    std::lock_guard<std::mutex> lock(client_->mutex);
    EXPECT_EQ(client_->messages[0], std::make_pair(true, std::string("from the client")));
    EXPECT_EQ(client_->messages[1].second.size(), 100000u);
  }
  loop_.runSync([&] { EXPECT_TRUE(client_session_->close(3000, "bye").ok()); });
  Recorder::Closed server_saw = server_->waitClosed();
  EXPECT_EQ(server_saw.code, 3000);
  EXPECT_EQ(server_saw.reason, "bye");
  EXPECT_TRUE(server_saw.clean);
  Recorder::Closed client_saw = client_->waitClosed();  // after the server closed TCP
  EXPECT_EQ(client_saw.code, 3000);                     // the server echoed the code
  EXPECT_TRUE(client_saw.clean);
}

TEST_F(WebSocketClientTest, ServerInitiatedCloseReachesTheClient) {
  ASSERT_TRUE(connect(port_).get().upgraded);
  loop_.runSync([&] { EXPECT_TRUE(server_session_->close(1001, "going away").ok()); });
  Recorder::Closed client_saw = client_->waitClosed();
  EXPECT_EQ(client_saw.code, 1001);
  EXPECT_EQ(client_saw.reason, "going away");
  EXPECT_TRUE(client_saw.clean);
  EXPECT_EQ(server_->waitClosed().code, 1001);
}

TEST_F(WebSocketClientTest, NonSwitchingAnswerIsAnOrdinaryResponse) {
  Upgrade answer = connect(port_, "/elsewhere").get();
  EXPECT_FALSE(answer.upgraded);
  EXPECT_EQ(answer.error, "");
  EXPECT_EQ(answer.head.status, 400);
}

// A one-connection raw server on the test thread, for answers edged's own server never gives.
class RawServer {
 public:
  RawServer() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(fd_, 1);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~RawServer() {
    if (conn_ >= 0) ::close(conn_);
    ::close(fd_);
  }
  uint16_t port() const { return port_; }
  // Accepts, reads the request head, returns its Sec-WebSocket-Key.
  std::string acceptRequest() {
    timeval timeout{5, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    conn_ = accept(fd_, nullptr, nullptr);
    if (conn_ < 0) return {};
    setsockopt(conn_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    while (buffer_.find("\r\n\r\n") == std::string::npos && fill()) {
    }
    size_t at = buffer_.find("Sec-WebSocket-Key: ");
    if (at == std::string::npos) return {};
    std::string key = buffer_.substr(at + 19, 24);
    buffer_.erase(0, buffer_.find("\r\n\r\n") + 4);
    return key;
  }
  void send(std::string_view bytes) { ASSERT_EQ(::send(conn_, bytes.data(), bytes.size(), 0), static_cast<ssize_t>(bytes.size())); }
  bool read(size_t n, std::string* out) {
    while (buffer_.size() < n) {
      if (!fill()) return false;
    }
    out->append(buffer_, 0, n);
    buffer_.erase(0, n);
    return true;
  }

 private:
  bool fill() {
    char chunk[4096];
    ssize_t n = recv(conn_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }
  int fd_ = -1;
  int conn_ = -1;
  uint16_t port_ = 0;
  std::string buffer_;
};

TEST_F(WebSocketClientTest, BytesAfterThe101AndAMaskedServerFrame) {
  RawServer origin;
  std::future<Upgrade> upgrade = connect(origin.port());
  std::string key = origin.acceptRequest();
  ASSERT_EQ(key.size(), 24u);
  // The 101, a valid frame and a masked (forbidden) one, all in one write.
  origin.send("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              "Sec-WebSocket-Accept: " + websocketAccept(key) + "\r\n\r\n" +
              serializeWebSocketFrame({true, WebSocketOpcode::kText, std::nullopt}, "early") +
              serializeWebSocketFrame({true, WebSocketOpcode::kText, kKey}, "masked"));
  ASSERT_EQ(upgrade.get().error, "");
  ReadFrame close = readFrame([&](size_t n, std::string* out) { return origin.read(n, out); });
  ASSERT_TRUE(close.ok);
  EXPECT_TRUE(close.masked);  // a client masks everything it sends
  EXPECT_EQ(close.opcode, WebSocketOpcode::kClose);
  EXPECT_EQ(close.closeCode(), 1002);
  Recorder::Closed closed = client_->waitClosed();
  EXPECT_EQ(closed.code, kCloseAbnormal);
  EXPECT_FALSE(closed.clean);
  std::lock_guard<std::mutex> lock(client_->mutex);
  ASSERT_EQ(client_->messages.size(), 1u);
  EXPECT_EQ(client_->messages[0].second, "early");
  EXPECT_EQ(client_->errors.size(), 1u);
}

TEST_F(WebSocketClientTest, WrongAcceptIsTheCallersToRefuse) {
  RawServer origin;
  std::future<Upgrade> upgrade = connect(origin.port());
  ASSERT_EQ(origin.acceptRequest().size(), 24u);
  origin.send("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              "Sec-WebSocket-Accept: bm9wZQ==\r\n\r\n");
  Upgrade answer = upgrade.get();
  EXPECT_TRUE(answer.upgraded);
  EXPECT_EQ(answer.error, "the server's Sec-WebSocket-Accept does not match the key");
}

}  // namespace
}  // namespace edged::net
