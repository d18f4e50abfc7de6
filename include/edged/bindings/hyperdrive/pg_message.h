#pragma once
// PostgreSQL frontend/backend protocol v3 framing (PostgreSQL docs §55.7 "Message Formats"):
// messages cut out of a byte stream, their fields read and written. No I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "edged/util/result.h"

namespace edged::bindings::hyperdrive {

// Protocol version 3.0 and the special request codes sent in place of it (§55.2.1, §55.2.10).
constexpr uint32_t kProtocolVersion3 = 196608;
constexpr uint32_t kSslRequestCode = 80877103;
constexpr uint32_t kGssEncRequestCode = 80877104;
constexpr uint32_t kCancelRequestCode = 80877102;

// Larger messages are refused rather than buffered (PostgreSQL's own cap on a query is 1 GB;
// a pool bounded in memory keeps less).
constexpr size_t kMaxMessageBytes = 64 * 1024 * 1024;

// One message. `type` is 0 for a startup-phase message (which has no type byte). `bytes` is the
// whole message as it came (type byte and length included), ready to be relayed; `body` the part
// after the length.
struct Message {
  char type = 0;
  std::string bytes;
  std::string_view body() const { return std::string_view(bytes).substr(type == 0 ? 4 : 5); }
};

// Bytes in, whole messages out.
class MessageFramer {
 public:
  // `startup`: the next message is a startup-phase one (no type byte).
  explicit MessageFramer(bool startup = false) : startup_(startup) {}
  void append(std::string_view bytes) { buffer_.append(bytes); }
  // The next complete message, nullopt when more bytes are needed, an error when the stream
  // is not the protocol (a length out of range).
  Result<std::optional<Message>> next();
  void expectStartup() { startup_ = true; }

 private:
  std::string buffer_;
  size_t offset_ = 0;
  bool startup_;
};

// Reads the fields of a message body in order. A read past the end sets failed() and returns
// zero values: check failed() once after reading.
class MessageReader {
 public:
  explicit MessageReader(std::string_view body) : body_(body) {}
  uint8_t byte();
  uint16_t int16();
  uint32_t int32();
  std::string_view cstring();
  std::string_view bytes(size_t count);
  std::string_view rest();
  bool failed() const { return failed_; }
  bool atEnd() const { return offset_ == body_.size(); }

 private:
  std::string_view body_;
  size_t offset_ = 0;
  bool failed_ = false;
};

// Builds one message: its fields appended, the length filled in by take().
class MessageBuilder {
 public:
  // `type` 0: a startup-phase message.
  explicit MessageBuilder(char type);
  MessageBuilder& byte(uint8_t value);
  MessageBuilder& int16(uint16_t value);
  MessageBuilder& int32(uint32_t value);
  MessageBuilder& cstring(std::string_view value);
  MessageBuilder& bytes(std::string_view value);
  std::string take();

 private:
  std::string out_;
  size_t length_at_;
};

// ErrorResponse (or NoticeResponse with type 'N') with severity, SQLSTATE and message fields
// (§55.8).
std::string errorResponse(std::string_view severity, std::string_view sqlstate, std::string_view message);
// The 'M' (message) field of an ErrorResponse body, for logs.
std::string errorMessageOf(std::string_view error_body);
std::string readyForQuery(char status);

}  // namespace edged::bindings::hyperdrive
