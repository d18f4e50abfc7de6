#include "edged/bindings/queues/batch_delivery.h"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <simdjson.h>

#include <algorithm>
#include <cmath>

#include "edged/bindings/queues/queue_limits.h"
#include "edged/util/json_escape.h"

namespace edged::bindings::queues {
namespace {

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(std::max(written, 0)));
  return out;
}

bool travelsAsText(std::string_view content_type) {
  return content_type == "text" || content_type == "json";
}

int64_t delayMs(std::optional<double> seconds, int64_t fallback_s) {
  if (!seconds || !std::isfinite(*seconds)) return fallback_s * 1000;
  double clamped = std::clamp(*seconds, 0.0, static_cast<double>(kMaxDelaySeconds));
  return static_cast<int64_t>(clamped * 1000);
}

Error malformed(std::string_view what) {
  return makeError(fmt::format("malformed queue batch report: {}", what));
}

std::optional<double> optionalNumber(simdjson::dom::element value) {
  if (value.is_null()) return std::nullopt;
  double number = 0;
  if (value.get_double().get(number) == simdjson::SUCCESS) return number;
  int64_t integer = 0;
  if (value.get_int64().get(integer) == simdjson::SUCCESS) return static_cast<double>(integer);
  return std::nullopt;
}

}  // namespace

std::string batchPayload(std::string_view queue, std::span<const LeasedMessage> messages) {
  std::string out = R"({"queue":)" + jsonQuote(queue) + R"(,"messages":[)";
  for (size_t i = 0; i < messages.size(); ++i) {
    const LeasedMessage& m = messages[i];
    if (i > 0) out += ',';
    out += fmt::format(R"({{"id":{},"timestamp":{},"attempts":{},"contentType":{},)",
                       jsonQuote(m.id), m.timestamp_ms, m.attempts, jsonQuote(m.content_type));
    if (travelsAsText(m.content_type))
      out += R"("text":)" + jsonQuote(m.body) + "}";
    else
      out += R"("base64":")" + base64(m.body) + "\"}";
  }
  out += "]}";
  return out;
}

Result<BatchReport> parseBatchReport(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(json.data(), json.size()).get(root) != simdjson::SUCCESS || !root.is_object()) {
    return malformed("not a JSON object");
  }
  BatchReport report;
  simdjson::dom::element field;
  if (root["error"].get(field) == simdjson::SUCCESS && field.is_string()) {
    report.error = std::string(field.get_string().value_unsafe());
  }
  if (root["ackAll"].get(field) == simdjson::SUCCESS) {
    report.ack_all = field.is_bool() && field.get_bool().value_unsafe();
  }
  if (root["retryAll"].get(field) == simdjson::SUCCESS) {
    report.retry_all = field.is_bool() && field.get_bool().value_unsafe();
  }
  if (root["retryAllDelay"].get(field) == simdjson::SUCCESS) {
    report.retry_all_delay_s = optionalNumber(field);
  }
  simdjson::dom::array list;
  if (root["acks"].get_array().get(list) == simdjson::SUCCESS) {
    for (simdjson::dom::element id : list) {
      if (!id.is_string()) return malformed("acks holds a non-string");
      report.acks.emplace(id.get_string().value_unsafe());
    }
  }
  if (root["retries"].get_array().get(list) == simdjson::SUCCESS) {
    for (simdjson::dom::element entry : list) {
      simdjson::dom::array pair;
      if (entry.get_array().get(pair) != simdjson::SUCCESS || pair.size() != 2 ||
          !pair.at(0).is_string()) {
        return malformed("retries holds something other than [id, delay]");
      }
      report.retries.emplace(std::string(pair.at(0).get_string().value_unsafe()),
                             optionalNumber(pair.at(1).value_unsafe()));
    }
  }
  return report;
}

BatchDecision decideBatch(const ConsumerSettings& settings, std::span<const LeasedMessage> batch,
                          const BatchReport& report, int64_t now_ms) {
  BatchDecision decision;
  bool retry_rest = report.retry_all || report.error.has_value();
  for (const LeasedMessage& message : batch) {
    Settlement s;
    s.seq = message.seq;
    std::optional<int64_t> retry_delay_ms;
    if (auto retried = report.retries.find(message.id); retried != report.retries.end()) {
      retry_delay_ms = delayMs(retried->second, settings.retry_delay_s);
    } else if (!report.ack_all && retry_rest && !report.acks.contains(message.id)) {
      retry_delay_ms = delayMs(report.retry_all_delay_s, settings.retry_delay_s);
    }
    if (!retry_delay_ms) {
      s.action = Settlement::Action::kAck;
    } else if (message.attempts <= settings.max_retries) {
      s.action = Settlement::Action::kRetry;
      s.available_at_ms = now_ms + *retry_delay_ms;
    } else if (settings.dead_letter_queue) {
      s.action = Settlement::Action::kMove;
      s.available_at_ms = now_ms;
      s.to_queue = *settings.dead_letter_queue;
      decision.dead_lettered.push_back(message.id);
    } else {
      s.action = Settlement::Action::kAck;
      decision.dropped.push_back(message.id);
    }
    decision.settlements.push_back(std::move(s));
  }
  return decision;
}

}  // namespace edged::bindings::queues
