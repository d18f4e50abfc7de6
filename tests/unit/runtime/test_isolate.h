#pragma once
// Shared by the runtime, api and server unit tests: the one V8Process of a test binary (V8 can
// be initialised once per process, so it is a GoogleTest global environment), a libuv loop a
// test owns, a capture of the server log, and a small runtime built in-process from test
// scripts instead of runtime-js, in which Worker bundles are started and JavaScript is run.

#include <spdlog/spdlog.h>
#include <uv.h>
#include <v8-function-callback.h>

#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "edged/runtime/bootstrap.h"
#include "edged/runtime/native_op.h"
#include "edged/runtime/realm.h"
#include "edged/runtime/snapshot.h"
#include "edged/runtime/worker_bundle.h"
#include "edged/runtime/worker_isolate.h"

namespace edged::testing {

// A libuv loop owned by one test. The destructor closes whatever handles are still open, runs
// their close callbacks and closes the loop.
class TestLoop {
 public:
  TestLoop();
  ~TestLoop();
  TestLoop(const TestLoop&) = delete;
  TestLoop& operator=(const TestLoop&) = delete;

  uv_loop_t* get() { return &loop_; }
  // Runs the loop until nothing is left on it.
  void run() { uv_run(&loop_, UV_RUN_DEFAULT); }

 private:
  uv_loop_t loop_;
};

// Replaces the process logger for its lifetime; every line is kept as "<level> <message>".
class LogCapture {
 public:
  LogCapture();
  ~LogCapture();
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

  std::string text() const;
  bool contains(std::string_view needle) const { return text().find(needle) != std::string::npos; }

 private:
  std::ostringstream out_;
  std::shared_ptr<spdlog::logger> previous_;
};

// What the test scripts passed to ops.record(text), in order; kept per realm.
struct Records : runtime::RealmState {
  std::vector<std::string> lines;
};
// ops.record(text): appends String(text) to the current realm's Records.
void opRecord(const v8::FunctionCallbackInfo<v8::Value>& info);

// The smallest runtime WorkerIsolate can start: `internals.setEnv` keeps env in
// `globalThis.env`, `internals.setupWorker` keeps the main module's namespace in
// `globalThis.worker`, `globalThis.record` calls ops.record, and the built-in module
// "test:builtin" exports `answer` (42) and `env`.
extern const char kMinimalRuntimeJs[];

// Builds a snapshot from `scripts` with `ops` (which must outlive it), failing the test when
// the scripts throw.
std::unique_ptr<runtime::Snapshot> makeSnapshot(runtime::NativeOpTable ops,
                                                const std::vector<runtime::RuntimeScript>& scripts);

// A one-module bundle, or one with more modules; the first module is main.
std::shared_ptr<const runtime::WorkerBundle> bundleOf(std::vector<runtime::BundleModule> modules);
runtime::BundleModule esModule(std::string name, std::string source);

// Starts `bundle` in a new isolate on `loop`, failing the test (and returning null) when it
// does not start.
std::unique_ptr<runtime::WorkerIsolate> startWorker(
    const runtime::Snapshot& snapshot, std::shared_ptr<const runtime::WorkerBundle> bundle,
    uv_loop_t* loop, runtime::WorkerIsolateOptions options = {});
// The start-up error of `bundle`, or "(started)".
std::string startError(const runtime::Snapshot& snapshot,
                       std::shared_ptr<const runtime::WorkerBundle> bundle, uv_loop_t* loop,
                       runtime::WorkerIsolateOptions options = {});

// Runs `code` as a classic script inside the realm and returns String(completion value), or
// "threw: " + the exception (its stack when it has one), "terminated" when a limit stopped it,
// "(not entered)" when the realm is broken. Microtasks run before it returns.
std::string evalJs(runtime::Realm& realm, std::string_view code);
// Runs `code` with no trap of its own, so the realm's handling of uncaught errors and broken
// limits applies; returns what Realm::enter returns.
bool runJs(runtime::Realm& realm, std::string_view code, const std::string& request_id = {},
           uint64_t budget_ns = 0);

// The lines ops.record received in `realm`.
const std::vector<std::string>& records(runtime::Realm& realm);

// {"record", opRecord}: the op table of tests that need nothing else.
runtime::NativeOpTable recordOps();

// One watchdog for the whole test binary. (A watchdog per test would be more hermetic, but see
// cpu_watchdog_test.cc: one created where a destroyed one lived is not safe yet.)
runtime::CpuWatchdog& sharedWatchdog();

}  // namespace edged::testing
