#include "edged/bindings/queues/queue_limits.h"

#include <fmt/format.h>

#include <cmath>

namespace edged::bindings::queues {
namespace {

bool validDelay(double seconds) {
  return std::isfinite(seconds) && seconds >= 0 && seconds <= static_cast<double>(kMaxDelaySeconds);
}

}  // namespace

std::optional<std::string> checkSend(std::span<const OutgoingSize> messages, bool batch) {
  std::string prefix = batch ? "Queue sendBatch failed: " : "Queue send failed: ";
  if (batch && messages.size() > kMaxBatchMessages) {
    return fmt::format("{}batch message count of {} exceeds limit of {}", prefix, messages.size(),
                       kMaxBatchMessages);
  }
  uint64_t total = 0;
  for (const OutgoingSize& message : messages) {
    if (message.bytes > kMaxMessageBytes) {
      if (!batch) {
        return fmt::format("{}message length of {} bytes exceeds limit of {}", prefix,
                           message.bytes, kMaxMessageBytes);
      }
      return fmt::format(
          "{}message in batch has length {} bytes which exceeds single message size limit of {}",
          prefix, message.bytes, kMaxMessageBytes);
    }
    if (!validDelay(message.delay_seconds)) {
      return fmt::format("{}delaySeconds must be a number of seconds from 0 to {}, got {}", prefix,
                         kMaxDelaySeconds, message.delay_seconds);
    }
    total += message.bytes;
  }
  if (batch && total > kMaxBatchBytes) {
    return fmt::format("{}batch size of {} bytes exceeds limit of {}", prefix, total,
                       kMaxBatchBytes);
  }
  return std::nullopt;
}

}  // namespace edged::bindings::queues
