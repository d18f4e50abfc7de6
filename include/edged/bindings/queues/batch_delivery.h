#pragma once
// What crosses between the broker and a consumer's queue() handler for one batch, and what the
// handler's outcome does to each message. The payload goes to runtime-js/api/56_queues.js
// (internals.workerEvents.queue), which answers with a report of the handler's calls. No V8.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "edged/bindings/queues/queue_config.h"
#include "edged/bindings/queues/queue_store.h"
#include "edged/util/result.h"

namespace edged::bindings::queues {

// {"queue":…, "messages":[{"id","timestamp","attempts","contentType", "text" | "base64"}]}:
// text and json bodies travel as JSON strings, bytes and v8 bodies as base64.
std::string batchPayload(std::string_view queue, std::span<const LeasedMessage> messages);

// What the handler did, as 56_queues.js reports it.
struct BatchReport {
  std::optional<std::string> error;  // the handler threw (or never ran): the error as logged
  bool ack_all = false;
  bool retry_all = false;
  std::optional<double> retry_all_delay_s;
  std::set<std::string, std::less<>> acks;
  std::map<std::string, std::optional<double>, std::less<>> retries;  // id → delaySeconds
};

// Parses the report JSON; an error for anything not shaped as 56_queues.js writes it.
Result<BatchReport> parseBatchReport(std::string_view json);

// What becomes of a batch: every message settled, plus the ids dropped for good.
struct BatchDecision {
  std::vector<Settlement> settlements;
  std::vector<std::string> dropped;        // failed max_retries + 1 times, no dead-letter queue
  std::vector<std::string> dead_lettered;  // moved to settings.dead_letter_queue
};

// Cloudflare's rules: an explicit ack() wins over retryAll() and a thrown handler; retry() and
// retryAll() retry; a handler that threw retries every message not acked; anything else is
// acknowledged. A retried message that has had max_retries + 1 deliveries goes to the
// dead-letter queue, or is dropped. Retries wait their delaySeconds, else retryAll's, else the
// consumer's retry_delay.
BatchDecision decideBatch(const ConsumerSettings& settings, std::span<const LeasedMessage> batch,
                          const BatchReport& report, int64_t now_ms);

}  // namespace edged::bindings::queues
