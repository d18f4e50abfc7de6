#pragma once
// Cloudflare Queues' limits on what a producer sends, and the errors a Worker gets for them
// (https://developers.cloudflare.com/queues/platform/limits/). Cloudflare's broker rejects an
// oversized send and workerd rethrows its status text as "Queue send failed: <text>" (send) or
// "Queue sendBatch failed: <text>" (sendBatch); the texts below are those Miniflare's broker
// gives locally. Sizes count the serialized body, as workerd's CF-Queue-Batch-* headers do.

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace edged::bindings::queues {

constexpr uint64_t kMaxMessageBytes = 128'000;
constexpr uint64_t kMaxBatchMessages = 100;
constexpr uint64_t kMaxBatchBytes = 256'000;
// delaySeconds of send(), sendBatch() and retry(), and delivery_delay / retry_delay.
constexpr int64_t kMaxDelaySeconds = 43'200;

// One message of a send: its serialized size and the delay asked for (seconds).
struct OutgoingSize {
  uint64_t bytes = 0;
  double delay_seconds = 0;
};

// The Error message for a send() or sendBatch() (`batch`) breaking a limit, or nullopt.
std::optional<std::string> checkSend(std::span<const OutgoingSize> messages, bool batch);

}  // namespace edged::bindings::queues
