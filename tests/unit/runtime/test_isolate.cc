#include "test_isolate.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <v8-context.h>
#include <v8-exception.h>
#include <v8-script.h>

#include "edged/runtime/js_values.h"
#include "edged/runtime/v8_process.h"

namespace edged::testing {
namespace {

// V8 is initialised once for the whole test binary and disposed after the last test.
class V8Environment : public ::testing::Environment {
 public:
  void SetUp() override { process_ = std::make_unique<runtime::V8Process>(); }
  void TearDown() override { process_.reset(); }

 private:
  std::unique_ptr<runtime::V8Process> process_;
};

[[maybe_unused]] ::testing::Environment* const kV8Environment =
    ::testing::AddGlobalTestEnvironment(new V8Environment);

}  // namespace

TestLoop::TestLoop() { uv_loop_init(&loop_); }

TestLoop::~TestLoop() {
  uv_walk(
      &loop_,
      [](uv_handle_t* handle, void*) {
        if (!uv_is_closing(handle)) uv_close(handle, nullptr);
      },
      nullptr);
  uv_run(&loop_, UV_RUN_DEFAULT);
  EXPECT_EQ(uv_loop_close(&loop_), 0) << "a handle is still open on the test loop";
}

LogCapture::LogCapture() : previous_(spdlog::default_logger()) {
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
  auto logger = std::make_shared<spdlog::logger>("test-capture", std::move(sink));
  logger->set_pattern("%l %v");
  logger->set_level(spdlog::level::trace);
  spdlog::set_default_logger(std::move(logger));
}

LogCapture::~LogCapture() {
  spdlog::set_default_logger(previous_);
  spdlog::drop("test-capture");
}

std::string LogCapture::text() const {
  spdlog::default_logger()->flush();
  return out_.str();
}

void opRecord(const v8::FunctionCallbackInfo<v8::Value>& info) {
  runtime::Realm* realm = runtime::Realm::from(info.GetIsolate());
  if (realm == nullptr) return runtime::throwTypeError(info.GetIsolate(), "no realm");
  realm->state<Records>().lines.push_back(runtime::toUtf8(info.GetIsolate(), info[0]));
}

const char kMinimalRuntimeJs[] = R"js(
  'use strict';
  globalThis.record = (text) => ops.record(String(text));
  internals.setEnv = (env) => { internals.env = env; globalThis.env = env; };
  internals.setupWorker = (namespace) => { globalThis.worker = namespace; };
  internals.builtinModules = {
    'test:builtin': { answer: 42, get env() { return internals.env; } },
    'node:buffer': { Buffer: 'the node:buffer built-in' },
  };
)js";

std::unique_ptr<runtime::Snapshot> makeSnapshot(
    runtime::NativeOpTable ops, const std::vector<runtime::RuntimeScript>& scripts) {
  Result<std::string> blob = runtime::buildSnapshot(ops, scripts);
  if (!blob.ok()) {
    ADD_FAILURE() << "the test runtime did not build: " << blob.error().message;
    return nullptr;
  }
  return std::make_unique<runtime::Snapshot>(blob.value(), ops);
}

std::shared_ptr<const runtime::WorkerBundle> bundleOf(std::vector<runtime::BundleModule> modules) {
  auto bundle = std::make_shared<runtime::WorkerBundle>();
  if (!modules.empty()) bundle->main_module = modules.front().name;
  bundle->modules = std::move(modules);
  return bundle;
}

runtime::BundleModule esModule(std::string name, std::string source) {
  return {std::move(name), runtime::ModuleType::kEsModule, std::move(source)};
}

std::unique_ptr<runtime::WorkerIsolate> startWorker(
    const runtime::Snapshot& snapshot, std::shared_ptr<const runtime::WorkerBundle> bundle,
    uv_loop_t* loop, runtime::WorkerIsolateOptions options) {
  auto isolate = runtime::WorkerIsolate::create(snapshot, std::move(bundle), loop, options);
  if (!isolate.ok()) {
    ADD_FAILURE() << "the Worker did not start: " << isolate.error().message;
    return nullptr;
  }
  return std::move(isolate).value();
}

std::string startError(const runtime::Snapshot& snapshot,
                       std::shared_ptr<const runtime::WorkerBundle> bundle, uv_loop_t* loop,
                       runtime::WorkerIsolateOptions options) {
  auto isolate = runtime::WorkerIsolate::create(snapshot, std::move(bundle), loop, options);
  return isolate.ok() ? "(started)" : isolate.error().message;
}

namespace {

v8::MaybeLocal<v8::Value> compileAndRun(v8::Local<v8::Context> context, std::string_view code) {
  v8::Isolate* isolate = context->GetIsolate();
  v8::ScriptOrigin origin(isolate, runtime::newString(isolate, "test.js"));
  v8::Local<v8::Script> script;
  if (!v8::Script::Compile(context, runtime::newString(isolate, code), &origin).ToLocal(&script)) {
    return {};
  }
  return script->Run(context);
}

}  // namespace

std::string evalJs(runtime::Realm& realm, std::string_view code) {
  std::string out;
  bool entered = realm.enter([&](v8::Local<v8::Context> context) {
    v8::Isolate* isolate = context->GetIsolate();
    v8::TryCatch try_catch(isolate);
    v8::Local<v8::Value> result;
    if (compileAndRun(context, code).ToLocal(&result)) {
      out = runtime::toUtf8(isolate, result);
    } else if (try_catch.HasCaught() && try_catch.CanContinue()) {
      out = "threw: " + runtime::describeException(isolate, try_catch.Exception());
    } else {
      out = "terminated";
      try_catch.ReThrow();
    }
  });
  if (!entered && out.empty()) out = "(not entered)";
  return out;
}

bool runJs(runtime::Realm& realm, std::string_view code, const std::string& request_id,
           uint64_t budget_ns) {
  return realm.enter([&](v8::Local<v8::Context> context) { (void)compileAndRun(context, code); },
                     request_id, budget_ns);
}

const std::vector<std::string>& records(runtime::Realm& realm) {
  return realm.state<Records>().lines;
}

runtime::NativeOpTable recordOps() {
  static constexpr runtime::NativeOp kOps[] = {{"record", &opRecord}};
  return kOps;
}

runtime::CpuWatchdog& sharedWatchdog() {
  static runtime::CpuWatchdog watchdog;
  return watchdog;
}

}  // namespace edged::testing
