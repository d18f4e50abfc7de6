#pragma once
// The server log. One process-wide spdlog logger writing to stderr, as text or JSON lines.
// Fields that identify where a line comes from (worker, request id) are passed explicitly.

#include <spdlog/spdlog.h>

#include <string>
#include <string_view>

namespace edged::log {

enum class Format { kText, kJson };

// Configures the process logger; called once by the CLI before any thread starts.
void configure(Format format, spdlog::level::level_enum level);

// A line from edged itself (start-up, errors, shutdown).
void line(spdlog::level::level_enum level, std::string_view message);
inline void info(std::string_view message) { line(spdlog::level::info, message); }
inline void warn(std::string_view message) { line(spdlog::level::warn, message); }
inline void error(std::string_view message) { line(spdlog::level::err, message); }

// A line from a Worker's console.* call or an uncaught error inside a Worker.
void workerLine(spdlog::level::level_enum level, std::string_view worker,
                std::string_view request_id, std::string_view message);

// The one line logged per finished request (server/request_log.h decides which are logged).
struct RequestLine {
  std::string_view worker;
  std::string_view version;
  std::string_view request_id;
  std::string_view method;
  std::string_view path;     // without the query string
  int status = 0;            // 0: no response was sent
  double duration_ms = 0;    // until the response ended
  double cpu_ms = 0;
  std::string_view outcome;  // Workers' names: "ok", "exception", "exceededCpu", …
};
void requestLine(const RequestLine& request);

// A short random id used to correlate an internal error's log line with the response.
std::string newReferenceId();

}  // namespace edged::log
