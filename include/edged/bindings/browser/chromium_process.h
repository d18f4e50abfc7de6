#pragma once
// One headless Chromium, started with uv_spawn (the loop never blocks) and told to pick its own
// DevTools port: the launch succeeds once it prints "DevTools listening on ws://…" on stderr.
// It runs in a process group of its own, which kill() ends as a whole (the browser and its
// renderers), and, where util-linux's setpriv is installed, with PR_SET_PDEATHSIG so that it dies
// with edged's browser thread even when edged itself is killed. Loop thread only.
//
// Ownership: the caller owns the object and must keep it until on_exit ran (destroying it earlier
// kills the group but leaves the exit unobserved). Handles are freed in their close callbacks.

#include <uv.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edged/net/uv_handle.h"
#include "edged/util/result.h"

namespace edged::bindings::browser {

struct ChromiumLaunch {
  std::string executable;              // the chromium binary or Debian's wrapper script
  std::filesystem::path user_data_dir;  // a fresh profile, created by the caller
  uint32_t startup_timeout_ms = 30'000;
};

// The flags edged starts Chromium with (DESIGN.md: headless, no background traffic, no sandbox
// when running as root, where Chromium refuses to start with one).
std::vector<std::string> chromiumArguments(const ChromiumLaunch& launch, bool as_root);

// The DevTools browser endpoint in one line of Chromium's stderr, if the line announces it.
std::optional<std::string> devToolsUrlIn(std::string_view line);

class ChromiumProcess {
 public:
  // Once: the DevTools WebSocket URL, or why Chromium did not start (not found, exited early,
  // silent past the startup timeout).
  using OnReady = std::function<void(Result<std::string>)>;
  // Once, last, after on_ready: the process is gone.
  using OnExit = std::function<void()>;

  // Spawns the process. On an error nothing was started and no callback will run.
  static Result<std::unique_ptr<ChromiumProcess>> launch(uv_loop_t* loop, const ChromiumLaunch& launch,
                                                         OnReady on_ready, OnExit on_exit);
  ~ChromiumProcess();
  ChromiumProcess(const ChromiumProcess&) = delete;
  ChromiumProcess& operator=(const ChromiumProcess&) = delete;

  // SIGKILL to the whole process group; on_exit follows. Idempotent.
  void kill();
  bool exited() const { return exited_; }
  int pid() const { return pid_; }

 private:
  ChromiumProcess(OnReady on_ready, OnExit on_exit)
      : on_ready_(std::move(on_ready)), on_exit_(std::move(on_exit)) {}
  static void onExit(uv_process_t* process, int64_t status, int signal);
  static void onAlloc(uv_handle_t* handle, size_t suggested, uv_buf_t* buf);
  static void onRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf);
  static void onStartupTimeout(uv_timer_t* timer);
  void ready(Result<std::string> result);

  OnReady on_ready_;
  OnExit on_exit_;
  uv_process_t* process_ = nullptr;  // closed (and freed) by the destructor
  net::UvHandle<uv_pipe_t> stderr_;
  net::UvHandle<uv_timer_t> startup_timer_;
  std::string line_;         // stderr text not yet ending in a newline
  std::string stderr_tail_;  // the last lines, for the error when the launch fails
  int pid_ = 0;
  bool exited_ = false;
  char read_buffer_[4096];
};

}  // namespace edged::bindings::browser
