#include "edged/util/log.h"

#include "edged/util/json_escape.h"

#include <fmt/format.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <atomic>
#include <random>

namespace edged::log {
namespace {

std::atomic<Format> g_format{Format::kText};

}  // namespace

void configure(Format format, spdlog::level::level_enum level) {
  g_format = format;
  spdlog::drop("edged");
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

void line(spdlog::level::level_enum level, std::string_view message) {
  if (g_format.load() == Format::kJson) {
    spdlog::log(level, R"("message":"{}")", jsonEscape(message));
  } else {
    spdlog::log(level, "{}", message);
  }
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
