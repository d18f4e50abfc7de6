// The WebSocket framing layer as bytes in, frames out: every length encoding, masking both ways,
// each protocol error with the close code it calls for, and byte-at-a-time feeding. Also the
// close payload rules, UTF-8 validation and the handshake helpers.

#include "edged/net/websocket_frame.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "edged/net/utf8_validator.h"
#include "edged/net/websocket_close.h"
#include "edged/net/websocket_handshake.h"

namespace edged::net {
namespace {

constexpr std::array<uint8_t, 4> kKey = {0x37, 0xfa, 0x21, 0x3d};

std::string clientFrame(WebSocketOpcode opcode, std::string_view payload, bool fin = true) {
  return serializeWebSocketFrame({fin, opcode, kKey}, payload);
}

std::string serverFrame(WebSocketOpcode opcode, std::string_view payload, bool fin = true) {
  return serializeWebSocketFrame({fin, opcode, std::nullopt}, payload);
}

struct Parsed {
  std::vector<WebSocketFrame> frames;
  bool failed = false;
  WebSocketProtocolError error;
};

// Feeds `bytes` in pieces of `piece` bytes (0: whole), as a connection would.
Parsed parse(std::string_view bytes, WebSocketRole role = WebSocketRole::kServer, size_t piece = 0,
             size_t max_message = 1 << 20) {
  WebSocketFrameParser parser(role, max_message);
  Parsed out;
  while (!bytes.empty()) {
    std::string_view chunk = piece == 0 ? bytes : bytes.substr(0, piece);
    bytes.remove_prefix(chunk.size());
    while (true) {
      WebSocketFrameParser::Step step = parser.feed(chunk);
      chunk.remove_prefix(step.consumed);
      if (step.event == WebSocketFrameParser::Event::kError) {
        out.failed = true;
        out.error = parser.error();
        return out;
      }
      if (step.event == WebSocketFrameParser::Event::kNeedMore) break;
      out.frames.push_back(parser.takeFrame());
    }
  }
  return out;
}

TEST(WebSocketFrameTest, RfcExamples) {
  // RFC 6455 §5.7: a single-frame unmasked text message "Hello", and the masked one.
  EXPECT_EQ(serverFrame(WebSocketOpcode::kText, "Hello"), std::string("\x81\x05Hello", 7));
  std::string masked("\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58", 11);
  EXPECT_EQ(clientFrame(WebSocketOpcode::kText, "Hello"), masked);
  Parsed p = parse(masked);
  ASSERT_FALSE(p.failed) << p.error.message;
  ASSERT_EQ(p.frames.size(), 1u);
  EXPECT_EQ(p.frames[0].payload, "Hello");
  EXPECT_EQ(p.frames[0].opcode, WebSocketOpcode::kText);
  EXPECT_TRUE(p.frames[0].fin);
}

TEST(WebSocketFrameTest, EveryLengthEncodingRoundTrips) {
  for (size_t size : {0ul, 1ul, 125ul, 126ul, 127ul, 65535ul, 65536ul, 200000ul}) {
    std::string payload(size, '\0');
    for (size_t i = 0; i < size; ++i) payload[i] = static_cast<char>(i * 7);
    std::string bytes = clientFrame(WebSocketOpcode::kBinary, payload);
    size_t header = 2 + (size <= 125 ? 0 : size <= 65535 ? 2 : 8) + 4;
    EXPECT_EQ(bytes.size(), header + size) << size;
    for (size_t piece : {0ul, 1ul, 7ul}) {
      if (piece == 1 && size > 70000) continue;  // slow and adds nothing
      Parsed p = parse(bytes, WebSocketRole::kServer, piece);
      ASSERT_FALSE(p.failed) << p.error.message;
      ASSERT_EQ(p.frames.size(), 1u) << size;
      EXPECT_EQ(p.frames[0].payload, payload) << size << " in pieces of " << piece;
    }
    Parsed unmasked = parse(serverFrame(WebSocketOpcode::kBinary, payload), WebSocketRole::kClient);
    ASSERT_EQ(unmasked.frames.size(), 1u);
    EXPECT_EQ(unmasked.frames[0].payload, payload);
  }
}

TEST(WebSocketFrameTest, SeveralFramesInOneFeedAndByteAtATime) {
  std::string bytes = clientFrame(WebSocketOpcode::kText, "one", false) +
                      clientFrame(WebSocketOpcode::kPing, "p") +
                      clientFrame(WebSocketOpcode::kContinuation, "two") +
                      clientFrame(WebSocketOpcode::kClose, std::string("\x03\xe8", 2));
  for (size_t piece : {0ul, 1ul}) {
    Parsed p = parse(bytes, WebSocketRole::kServer, piece);
    ASSERT_FALSE(p.failed) << p.error.message;
    ASSERT_EQ(p.frames.size(), 4u);
    EXPECT_FALSE(p.frames[0].fin);
    EXPECT_EQ(p.frames[1].opcode, WebSocketOpcode::kPing);
    EXPECT_EQ(p.frames[2].opcode, WebSocketOpcode::kContinuation);
    EXPECT_EQ(p.frames[2].payload, "two");
    EXPECT_EQ(p.frames[3].opcode, WebSocketOpcode::kClose);
  }
}

TEST(WebSocketFrameTest, MaskingKeysAreFresh) {
  Result<std::array<uint8_t, 4>> a = randomMaskingKey();
  Result<std::array<uint8_t, 4>> b = randomMaskingKey();
  ASSERT_TRUE(a.ok() && b.ok());
  Result<std::array<uint8_t, 4>> c = randomMaskingKey();
  EXPECT_FALSE(a.value() == b.value() && b.value() == c.value());
}

struct ProtocolErrorCase {
  const char* name;
  std::string bytes;
  WebSocketRole role;
  uint16_t code;
};

TEST(WebSocketFrameTest, ProtocolErrorsCarryTheirCloseCode) {
  std::string key(reinterpret_cast<const char*>(kKey.data()), 4);
  std::vector<ProtocolErrorCase> cases = {
      {"RSV1", std::string("\xc1\x80", 2) + key, WebSocketRole::kServer, 1002},
      {"RSV2", std::string("\xa1\x80", 2) + key, WebSocketRole::kServer, 1002},
      {"RSV3", std::string("\x91\x80", 2) + key, WebSocketRole::kServer, 1002},
      {"opcode 3", std::string("\x83\x80", 2) + key, WebSocketRole::kServer, 1002},
      {"opcode 0xB", std::string("\x8b\x80", 2) + key, WebSocketRole::kServer, 1002},
      {"ping of 126 bytes", clientFrame(WebSocketOpcode::kPing, std::string(126, 'x')),
       WebSocketRole::kServer, 1002},
      {"fragmented ping", clientFrame(WebSocketOpcode::kPing, "x", false), WebSocketRole::kServer,
       1002},
      {"unmasked to a server", serverFrame(WebSocketOpcode::kText, "hi"), WebSocketRole::kServer,
       1002},
      {"masked to a client", clientFrame(WebSocketOpcode::kText, "hi"), WebSocketRole::kClient,
       1002},
      {"64-bit length with the high bit", std::string("\x82\xff\x80\0\0\0\0\0\0\0", 10) + key,
       WebSocketRole::kServer, 1002},
      {"continuation first", clientFrame(WebSocketOpcode::kContinuation, "x"),
       WebSocketRole::kServer, 1002},
      {"text inside a fragmented message",
       clientFrame(WebSocketOpcode::kText, "a", false) + clientFrame(WebSocketOpcode::kText, "b"),
       WebSocketRole::kServer, 1002},
      {"frame over the limit", clientFrame(WebSocketOpcode::kBinary, std::string(101, 'x')),
       WebSocketRole::kServer, 1009},
      {"fragments over the limit",
       clientFrame(WebSocketOpcode::kBinary, std::string(60, 'x'), false) +
           clientFrame(WebSocketOpcode::kContinuation, std::string(60, 'x')),
       WebSocketRole::kServer, 1009},
  };
  for (const ProtocolErrorCase& c : cases) {
    for (size_t piece : {0ul, 1ul}) {
      Parsed p = parse(c.bytes, c.role, piece, /*max_message=*/100);
      EXPECT_TRUE(p.failed) << c.name;
      EXPECT_EQ(p.error.close_code, c.code) << c.name << ": " << p.error.message;
    }
  }
}

TEST(WebSocketFrameTest, AServerMayBeToldToTakeUnmaskedFrames) {
  // wrangler tail sends its first message unmasked (WebSocketOptions::accept_unmasked_client_frames).
  std::string bytes = serverFrame(WebSocketOpcode::kText, "{\"debug\":false}") +
                      clientFrame(WebSocketOpcode::kText, "masked");
  WebSocketFrameParser parser(WebSocketRole::kServer, 1 << 20, /*accept_unmasked=*/true);
  std::vector<std::string> payloads;
  std::string_view rest = bytes;
  while (!rest.empty()) {
    WebSocketFrameParser::Step step = parser.feed(rest);
    ASSERT_NE(step.event, WebSocketFrameParser::Event::kError) << parser.error().message;
    rest.remove_prefix(step.consumed);
    if (step.event == WebSocketFrameParser::Event::kFrame) payloads.push_back(parser.takeFrame().payload);
  }
  EXPECT_EQ(payloads, (std::vector<std::string>{"{\"debug\":false}", "masked"}));
}

TEST(WebSocketFrameTest, OversizedFrameFailsBeforeItsPayloadArrives) {
  // Only the header of a 1 GiB frame: refused without waiting for (or buffering) the payload.
  std::string header("\x82\xff\0\0\0\0\x40\0\0\0", 10);
  header.append(reinterpret_cast<const char*>(kKey.data()), 4);
  Parsed p = parse(header, WebSocketRole::kServer, 0, 32u << 20);
  EXPECT_TRUE(p.failed);
  EXPECT_EQ(p.error.close_code, 1009);
}

TEST(WebSocketFrameTest, ControlFramesMayInterleaveFragments) {
  std::string bytes = clientFrame(WebSocketOpcode::kText, "a", false) +
                      clientFrame(WebSocketOpcode::kPong, "") +
                      clientFrame(WebSocketOpcode::kContinuation, "b", false) +
                      clientFrame(WebSocketOpcode::kContinuation, "c");
  Parsed p = parse(bytes);
  ASSERT_FALSE(p.failed) << p.error.message;
  EXPECT_EQ(p.frames.size(), 4u);
}

TEST(Utf8ValidatorTest, AcceptsValidAndRejectsInvalid) {
  EXPECT_TRUE(isValidUtf8(""));
  EXPECT_TRUE(isValidUtf8("plain ascii that is longer than eight bytes"));
  EXPECT_TRUE(isValidUtf8("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5"));  // κόσμε
  EXPECT_TRUE(isValidUtf8("\xf0\x9f\x98\x80"));                              // U+1F600
  EXPECT_TRUE(isValidUtf8("\xf4\x8f\xbf\xbf"));                              // U+10FFFF
  EXPECT_FALSE(isValidUtf8("\xc0\xaf"));          // overlong
  EXPECT_FALSE(isValidUtf8("\xe0\x80\xaf"));      // overlong
  EXPECT_FALSE(isValidUtf8("\xed\xa0\x80"));      // surrogate U+D800
  EXPECT_FALSE(isValidUtf8("\xf4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(isValidUtf8("\x80"));              // stray continuation
  EXPECT_FALSE(isValidUtf8("\xff"));
  EXPECT_FALSE(isValidUtf8("\xe2\x82"));          // cut short
}

TEST(Utf8ValidatorTest, SequencesMaySpanPieces) {
  Utf8Validator v;
  EXPECT_TRUE(v.feed("a\xf0\x9f"));
  EXPECT_FALSE(v.complete());
  EXPECT_TRUE(v.feed("\x98"));
  EXPECT_TRUE(v.feed("\x80z"));
  EXPECT_TRUE(v.complete());
  EXPECT_TRUE(v.feed("\xed"));  // may still become valid
  EXPECT_FALSE(v.complete());
  Utf8Validator w;
  EXPECT_TRUE(w.feed("\xed"));
  EXPECT_FALSE(w.feed("\xa0"));  // the surrogate shows only in the second piece
  EXPECT_FALSE(w.feed("ok"));    // and stays invalid
}

TEST(WebSocketCloseTest, ReceivedPayloads) {
  WebSocketClose close;
  EXPECT_FALSE(parseClosePayload("", close).has_value());
  EXPECT_FALSE(close.code.has_value());
  EXPECT_FALSE(parseClosePayload(std::string("\x0f\xa0" "bye", 5), close).has_value());
  EXPECT_EQ(close.code, 4000);
  EXPECT_EQ(close.reason, "bye");
  EXPECT_EQ(parseClosePayload("\x03", close)->close_code, 1002);  // 1 byte
  for (uint16_t code : {999, 1004, 1005, 1006, 1015, 1016, 2999, 5000}) {
    std::string payload{static_cast<char>(code >> 8), static_cast<char>(code & 0xff)};
    std::optional<WebSocketProtocolError> error = parseClosePayload(payload, close);
    ASSERT_TRUE(error.has_value()) << code;
    EXPECT_EQ(error->close_code, 1002) << code;
  }
  for (uint16_t code : {1000, 1001, 1003, 1007, 1011, 1014, 3000, 4999}) {
    std::string payload{static_cast<char>(code >> 8), static_cast<char>(code & 0xff)};
    EXPECT_FALSE(parseClosePayload(payload, close).has_value()) << code;
  }
  EXPECT_EQ(parseClosePayload(std::string("\x03\xe8\xff", 3), close)->close_code, 1007);
}

TEST(WebSocketCloseTest, WorkerArguments) {
  EXPECT_TRUE(checkCloseArguments(std::nullopt, std::nullopt).ok());
  EXPECT_TRUE(checkCloseArguments(1000, "done").ok());
  EXPECT_TRUE(checkCloseArguments(1001, std::nullopt).ok());
  EXPECT_TRUE(checkCloseArguments(4999, std::string(123, 'r')).ok());
  EXPECT_EQ(checkCloseArguments(1005, std::nullopt).error().message,
            "Invalid WebSocket close code: 1005.");
  EXPECT_FALSE(checkCloseArguments(999, std::nullopt).ok());
  EXPECT_FALSE(checkCloseArguments(5000, std::nullopt).ok());
  EXPECT_FALSE(checkCloseArguments(1006, std::nullopt).ok());
  EXPECT_FALSE(checkCloseArguments(1015, std::nullopt).ok());
  EXPECT_FALSE(checkCloseArguments(std::nullopt, "why").ok());
  EXPECT_FALSE(checkCloseArguments(1000, std::string(124, 'r')).ok());
  EXPECT_EQ(serializeClosePayload(checkCloseArguments(1000, "ok").value()),
            std::string("\x03\xe8ok", 4));
}

TEST(WebSocketHandshakeTest, AcceptValueFromTheRfc) {
  // RFC 6455 §1.3.
  EXPECT_EQ(websocketAccept("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

HttpRequestHead upgradeRequest() {
  HttpRequestHead head;
  head.method = "GET";
  head.target = "/chat";
  head.headers = {{"Host", "example.com"},
                  {"Upgrade", "WebSocket"},
                  {"Connection", "keep-alive, Upgrade"},
                  {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
                  {"Sec-WebSocket-Protocol", "chat, superchat"},
                  {"Sec-WebSocket-Version", "13"}};
  return head;
}

TEST(WebSocketHandshakeTest, ChecksTheUpgradeRequest) {
  Result<WebSocketUpgradeRequest> ok = checkWebSocketUpgrade(upgradeRequest());
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->key, "dGhlIHNhbXBsZSBub25jZQ==");
  EXPECT_EQ(ok->protocols, (std::vector<std::string>{"chat", "superchat"}));

  auto broken = [](auto change) {
    HttpRequestHead head = upgradeRequest();
    change(head);
    return checkWebSocketUpgrade(head);
  };
  auto set = [](HttpRequestHead& head, std::string_view name, std::string value) {
    for (HttpHeader& h : head.headers) {
      if (h.name == name) h.value = std::move(value);
    }
  };
  EXPECT_FALSE(broken([](HttpRequestHead& h) { h.method = "POST"; }).ok());
  EXPECT_FALSE(broken([](HttpRequestHead& h) { h.version_minor = 0; }).ok());
  EXPECT_FALSE(broken([&](HttpRequestHead& h) { set(h, "Connection", "keep-alive"); }).ok());
  EXPECT_FALSE(broken([&](HttpRequestHead& h) { set(h, "Upgrade", "h2c"); }).ok());
  EXPECT_FALSE(broken([&](HttpRequestHead& h) { set(h, "Sec-WebSocket-Version", "8"); }).ok());
  EXPECT_FALSE(broken([&](HttpRequestHead& h) { set(h, "Sec-WebSocket-Key", "c2hvcnQ="); }).ok());
  EXPECT_FALSE(broken([&](HttpRequestHead& h) {
                 set(h, "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=!");
               }).ok());
  HttpRequestHead plain = upgradeRequest();
  plain.headers.resize(1);
  EXPECT_FALSE(asksForWebSocket(plain));
  EXPECT_TRUE(asksForWebSocket(upgradeRequest()));
}

TEST(WebSocketHandshakeTest, ClientChecksTheAnswer) {
  Result<std::string> key = newWebSocketKey();
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->size(), 24u);
  HttpResponseHead head;
  head.status = 101;
  head.headers = {{"Upgrade", "websocket"}, {"Connection", "Upgrade"}};
  for (HttpHeader& h : websocketAcceptHeaders(*key, "chat")) head.headers.push_back(h);
  EXPECT_TRUE(checkWebSocketResponse(head, *key, {"chat"}).ok());
  EXPECT_FALSE(checkWebSocketResponse(head, *key, {}).ok());  // protocol not offered
  EXPECT_FALSE(checkWebSocketResponse(head, "dGhlIHNhbXBsZSBub25jZQ==", {"chat"}).ok());
  head.status = 200;
  EXPECT_FALSE(checkWebSocketResponse(head, *key, {"chat"}).ok());
}

}  // namespace
}  // namespace edged::net
