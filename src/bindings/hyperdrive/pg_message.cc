#include "edged/bindings/hyperdrive/pg_message.h"

namespace edged::bindings::hyperdrive {
namespace {

uint32_t readBigEndian32(std::string_view bytes) {
  auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<uint8_t>(bytes[i])); };
  return b(0) << 24 | b(1) << 16 | b(2) << 8 | b(3);
}

}  // namespace

Result<std::optional<Message>> MessageFramer::next() {
  size_t header = startup_ ? 4 : 5;
  std::string_view pending = std::string_view(buffer_).substr(offset_);
  if (pending.size() < header) return std::optional<Message>{};
  uint32_t length = readBigEndian32(pending.substr(header - 4));
  // The length counts itself; a startup message holds at least its 4-byte code.
  if (length < (startup_ ? 8u : 4u) || length > kMaxMessageBytes) {
    return makeError("invalid message length " + std::to_string(length));
  }
  size_t total = header - 4 + length;
  if (pending.size() < total) return std::optional<Message>{};
  Message message;
  message.type = startup_ ? 0 : pending[0];
  message.bytes = std::string(pending.substr(0, total));
  offset_ += total;
  if (offset_ == buffer_.size()) {
    buffer_.clear();
    offset_ = 0;
  } else if (offset_ > 64 * 1024) {
    buffer_.erase(0, offset_);
    offset_ = 0;
  }
  startup_ = false;
  return std::optional<Message>(std::move(message));
}

uint8_t MessageReader::byte() {
  std::string_view b = bytes(1);
  return b.empty() ? 0 : static_cast<uint8_t>(b[0]);
}

uint16_t MessageReader::int16() {
  std::string_view b = bytes(2);
  if (b.size() < 2) return 0;
  return static_cast<uint16_t>(static_cast<uint8_t>(b[0]) << 8 | static_cast<uint8_t>(b[1]));
}

uint32_t MessageReader::int32() {
  std::string_view b = bytes(4);
  return b.size() < 4 ? 0 : readBigEndian32(b);
}

std::string_view MessageReader::cstring() {
  size_t end = body_.find('\0', offset_);
  if (end == std::string_view::npos) {
    failed_ = true;
    offset_ = body_.size();
    return {};
  }
  std::string_view value = body_.substr(offset_, end - offset_);
  offset_ = end + 1;
  return value;
}

std::string_view MessageReader::bytes(size_t count) {
  if (failed_ || body_.size() - offset_ < count) {
    failed_ = true;
    return {};
  }
  std::string_view value = body_.substr(offset_, count);
  offset_ += count;
  return value;
}

std::string_view MessageReader::rest() {
  std::string_view value = body_.substr(offset_);
  offset_ = body_.size();
  return value;
}

MessageBuilder::MessageBuilder(char type) {
  if (type != 0) out_ += type;
  length_at_ = out_.size();
  out_.append(4, '\0');
}

MessageBuilder& MessageBuilder::byte(uint8_t value) {
  out_ += static_cast<char>(value);
  return *this;
}

MessageBuilder& MessageBuilder::int16(uint16_t value) {
  out_ += static_cast<char>(value >> 8);
  out_ += static_cast<char>(value & 0xff);
  return *this;
}

MessageBuilder& MessageBuilder::int32(uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out_ += static_cast<char>((value >> shift) & 0xff);
  return *this;
}

MessageBuilder& MessageBuilder::cstring(std::string_view value) {
  out_.append(value);
  out_ += '\0';
  return *this;
}

MessageBuilder& MessageBuilder::bytes(std::string_view value) {
  out_.append(value);
  return *this;
}

std::string MessageBuilder::take() {
  uint32_t length = static_cast<uint32_t>(out_.size() - length_at_);
  for (int i = 0; i < 4; ++i) out_[length_at_ + i] = static_cast<char>((length >> (24 - 8 * i)) & 0xff);
  return std::move(out_);
}

std::string errorResponse(std::string_view severity, std::string_view sqlstate, std::string_view message) {
  return MessageBuilder('E')
      .byte('S').cstring(severity)
      .byte('V').cstring(severity)
      .byte('C').cstring(sqlstate)
      .byte('M').cstring(message)
      .byte(0)
      .take();
}

std::string errorMessageOf(std::string_view error_body) {
  MessageReader reader(error_body);
  while (!reader.failed() && !reader.atEnd()) {
    uint8_t field = reader.byte();
    if (field == 0) break;
    std::string_view value = reader.cstring();
    if (field == 'M') return std::string(value);
  }
  return "unknown error";
}

std::string readyForQuery(char status) {
  return MessageBuilder('Z').byte(static_cast<uint8_t>(status)).take();
}

}  // namespace edged::bindings::hyperdrive
