#include "edged/bindings/browser/chunked_framing.h"

#include <algorithm>

namespace edged::bindings::browser {

std::vector<std::string> encodeChunkedMessage(std::string_view message) {
  std::vector<std::string> frames;
  auto length = static_cast<uint32_t>(message.size());
  std::string first;
  size_t first_payload = std::min(message.size(), kMaxChunkBytes - kChunkHeaderBytes);
  first.reserve(kChunkHeaderBytes + first_payload);
  for (int i = 0; i < 4; ++i) first.push_back(static_cast<char>((length >> (8 * i)) & 0xff));
  first.append(message.substr(0, first_payload));
  frames.push_back(std::move(first));
  for (size_t at = first_payload; at < message.size(); at += kMaxChunkBytes) {
    frames.emplace_back(message.substr(at, kMaxChunkBytes));
  }
  return frames;
}

Result<std::optional<std::string>> ChunkedMessageDecoder::push(std::string_view frame) {
  if (!expected_) {
    if (frame.size() < kChunkHeaderBytes) {
      return makeError("a first frame of " + std::to_string(frame.size()) +
                       " bytes is shorter than its 4-byte length header");
    }
    uint32_t length = 0;
    for (int i = 0; i < 4; ++i) {
      length |= static_cast<uint32_t>(static_cast<unsigned char>(frame[i])) << (8 * i);
    }
    if (length > max_message_bytes_) {
      return makeError("a message of " + std::to_string(length) + " bytes is over the limit of " +
                       std::to_string(max_message_bytes_));
    }
    expected_ = length;
    message_.clear();
    message_.reserve(length);
    frame.remove_prefix(kChunkHeaderBytes);
  }
  if (message_.size() + frame.size() > *expected_) {
    return makeError("the frames carry more than the " + std::to_string(*expected_) +
                     " bytes their header announced");
  }
  message_.append(frame);
  if (message_.size() < *expected_) return std::optional<std::string>();
  expected_.reset();
  return std::optional<std::string>(std::move(message_));
}

}  // namespace edged::bindings::browser
