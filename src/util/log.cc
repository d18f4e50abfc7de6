#include "edged/util/log.h"

#include <fmt/format.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <atomic>
#include <random>

namespace edged::log {
namespace {

std::atomic<Format> g_format{Format::kText};

// JSON string escaping for log lines (RFC 8259 §7).
std::string jsonEscape(std::string_view in) {
  std::string out;
  out.reserve(in.size() + 8);
  for (unsigned char c : in) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

}  // namespace

void configure(Format format, spdlog::level::level_enum level) {
  g_format = format;
  auto logger = spdlog::stderr_logger_mt("edged");
  if (format == Format::kJson) {
    logger->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%v})",
                        spdlog::pattern_time_type::utc);
  } else {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
  }
  logger->set_level(level);
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
}

void workerLine(spdlog::level::level_enum level, std::string_view worker,
                std::string_view request_id, std::string_view message) {
  if (g_format.load() == Format::kJson) {
    spdlog::log(level, R"("worker":"{}","request":"{}","message":"{}")", jsonEscape(worker),
                jsonEscape(request_id), jsonEscape(message));
  } else {
    spdlog::log(level, "[{}{}{}] {}", worker, request_id.empty() ? "" : " ", request_id, message);
  }
}

std::string newReferenceId() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return fmt::format("{:016x}", rng());
}

}  // namespace edged::log
