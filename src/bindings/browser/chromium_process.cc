#include "edged/bindings/browser/chromium_process.h"

#include <signal.h>
#include <unistd.h>

#include <cstring>

namespace edged::bindings::browser {
namespace {

constexpr std::string_view kDevToolsPrefix = "DevTools listening on ";
// util-linux's setpriv: sets PR_SET_PDEATHSIG, then execs Chromium (libuv has no pre-exec hook).
constexpr const char* kSetpriv = "/usr/bin/setpriv";
constexpr size_t kStderrTailBytes = 2048;

void freeProcess(uv_handle_t* handle) { delete reinterpret_cast<uv_process_t*>(handle); }

}  // namespace

std::vector<std::string> chromiumArguments(const ChromiumLaunch& launch, bool as_root) {
  std::vector<std::string> args = {
      "--headless=new",
      "--disable-gpu",
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-extensions",
      "--disable-default-apps",
      "--disable-dev-shm-usage",
      "--disable-breakpad",
      "--mute-audio",
      "--hide-scrollbars",
      "--remote-debugging-address=127.0.0.1",
      "--remote-debugging-port=0",
      "--user-data-dir=" + launch.user_data_dir.string(),
  };
  if (as_root) args.insert(args.begin() + 1, "--no-sandbox");
  args.emplace_back("about:blank");
  return args;
}

std::optional<std::string> devToolsUrlIn(std::string_view line) {
  size_t at = line.find(kDevToolsPrefix);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view url = line.substr(at + kDevToolsPrefix.size());
  while (!url.empty() && (url.back() == '\r' || url.back() == ' ')) url.remove_suffix(1);
  if (!url.starts_with("ws://")) return std::nullopt;
  return std::string(url);
}

Result<std::unique_ptr<ChromiumProcess>> ChromiumProcess::launch(uv_loop_t* loop,
                                                                 const ChromiumLaunch& launch,
                                                                 OnReady on_ready, OnExit on_exit) {
  if (::access(launch.executable.c_str(), X_OK) != 0) {
    return makeError("Chromium was not found at \"" + launch.executable + "\" (" + std::strerror(errno) +
                     "): install Debian's chromium package or point edged at a Chromium binary "
                     "with --browser <path>.");
  }
  std::unique_ptr<ChromiumProcess> self(new ChromiumProcess(std::move(on_ready), std::move(on_exit)));
  if (int rc = self->stderr_.init([&](uv_pipe_t* pipe) { return uv_pipe_init(loop, pipe, 0); }, self.get());
      rc != 0) {
    return makeError(std::string("cannot create a pipe for Chromium: ") + uv_strerror(rc));
  }

  std::vector<std::string> args;
  if (::access(kSetpriv, X_OK) == 0) args = {kSetpriv, "--pdeathsig", "KILL"};
  args.push_back(launch.executable);
  for (std::string& arg : chromiumArguments(launch, ::geteuid() == 0)) args.push_back(std::move(arg));
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  uv_stdio_container_t stdio[3];
  stdio[0].flags = UV_IGNORE;
  stdio[1].flags = UV_IGNORE;
  stdio[2].flags = static_cast<uv_stdio_flags>(UV_CREATE_PIPE | UV_WRITABLE_PIPE);
  stdio[2].data.stream = reinterpret_cast<uv_stream_t*>(self->stderr_.get());
  uv_process_options_t options{};
  options.file = argv[0];
  options.args = argv.data();
  options.exit_cb = &ChromiumProcess::onExit;
  options.stdio = stdio;
  options.stdio_count = 3;
  // A process group of its own: kill() reaches the renderers too, and a Ctrl-C at edged's
  // terminal is edged's to handle, not Chromium's.
  options.flags = UV_PROCESS_DETACHED;

  auto* process = new uv_process_t{};
  process->data = self.get();
  if (int rc = uv_spawn(loop, process, &options); rc != 0) {
    uv_close(reinterpret_cast<uv_handle_t*>(process), &freeProcess);
    return makeError("Chromium (\"" + launch.executable + "\") could not be started: " + uv_strerror(rc));
  }
  self->process_ = process;
  self->pid_ = process->pid;
  uv_read_start(reinterpret_cast<uv_stream_t*>(self->stderr_.get()), &ChromiumProcess::onAlloc,
                &ChromiumProcess::onRead);
  if (self->startup_timer_.init([&](uv_timer_t* timer) { return uv_timer_init(loop, timer); }, self.get()) == 0) {
    uv_timer_start(self->startup_timer_.get(), &ChromiumProcess::onStartupTimeout, launch.startup_timeout_ms, 0);
  }
  return self;
}

ChromiumProcess::~ChromiumProcess() {
  kill();
  if (process_ != nullptr) {
    process_->data = nullptr;
    uv_close(reinterpret_cast<uv_handle_t*>(process_), &freeProcess);
  }
}

void ChromiumProcess::kill() {
  if (exited_ || pid_ <= 0) return;
  ::kill(-pid_, SIGKILL);
}

void ChromiumProcess::ready(Result<std::string> result) {
  startup_timer_.close();
  if (!on_ready_) return;
  OnReady on_ready = std::move(on_ready_);
  on_ready_ = nullptr;
  on_ready(std::move(result));
}

void ChromiumProcess::onExit(uv_process_t* process, int64_t status, int signal) {
  auto* self = static_cast<ChromiumProcess*>(process->data);
  if (self == nullptr) return;
  self->exited_ = true;
  // The renderers may outlive the browser process for a moment: the group goes with it.
  ::kill(-self->pid_, SIGKILL);
  if (self->on_ready_) {
    std::string why = signal != 0 ? "was killed by signal " + std::to_string(signal)
                                  : "exited with status " + std::to_string(status);
    self->ready(makeError("Chromium " + why + " before it was ready" +
                          (self->stderr_tail_.empty() ? "." : ": " + self->stderr_tail_)));
  }
  OnExit on_exit = std::move(self->on_exit_);
  self->on_exit_ = nullptr;
  if (on_exit) on_exit();  // may destroy self
}

void ChromiumProcess::onAlloc(uv_handle_t* handle, size_t, uv_buf_t* buf) {
  auto* self = static_cast<ChromiumProcess*>(handle->data);
  *buf = uv_buf_init(self->read_buffer_, sizeof(self->read_buffer_));
}

void ChromiumProcess::onRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf) {
  auto* self = static_cast<ChromiumProcess*>(stream->data);
  if (self == nullptr) return;
  if (nread < 0) {
    uv_read_stop(stream);
    return;
  }
  // Read to the end even once ready: a full pipe would block Chromium.
  if (!self->on_ready_) return;
  self->line_.append(buf->base, static_cast<size_t>(nread));
  size_t newline;
  while ((newline = self->line_.find('\n')) != std::string::npos) {
    std::string line = self->line_.substr(0, newline);
    self->line_.erase(0, newline + 1);
    if (auto url = devToolsUrlIn(line)) return self->ready(std::move(*url));
    if (line.empty() || line.find("dbus") != std::string::npos) continue;
    self->stderr_tail_ += (self->stderr_tail_.empty() ? "" : " | ") + line;
    if (self->stderr_tail_.size() > kStderrTailBytes) {
      self->stderr_tail_.erase(0, self->stderr_tail_.size() - kStderrTailBytes);
    }
  }
}

void ChromiumProcess::onStartupTimeout(uv_timer_t* timer) {
  auto* self = static_cast<ChromiumProcess*>(timer->data);
  if (self == nullptr) return;
  self->ready(makeError("Chromium did not announce its DevTools endpoint in time" +
                        (self->stderr_tail_.empty() ? std::string(".") : ": " + self->stderr_tail_)));
  self->kill();
}

}  // namespace edged::bindings::browser
