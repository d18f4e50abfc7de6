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

void requestLine(const RequestLine& r) {
  if (g_format.load() == Format::kJson) {
    spdlog::info(
        R"("message":"request","worker":"{}","version":"{}","request":"{}","method":"{}",)"
        R"("path":"{}","status":{},"durationMs":{:.3f},"cpuMs":{:.3f},"outcome":"{}")",
        jsonEscape(r.worker), jsonEscape(r.version), jsonEscape(r.request_id),
        jsonEscape(r.method), jsonEscape(r.path), r.status, r.duration_ms, r.cpu_ms,
        jsonEscape(r.outcome));
  } else {
    spdlog::info("[{} {}] {} {} -> {} {} in {:.2f} ms, cpu {:.2f} ms (version {})", r.worker,
                 r.request_id, r.method, r.path, r.status, r.outcome, r.duration_ms, r.cpu_ms,
                 r.version);
  }
}

std::string newReferenceId() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return fmt::format("{:016x}", rng());
}

}  // namespace edged::log
