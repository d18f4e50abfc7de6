// WorkerIsolate: start-up order (env, main module, setupWorker), what Worker code may not do,
// and the heap limit that makes an isolate unusable.
#include "edged/runtime/worker_isolate.h"

#include <gtest/gtest.h>

#include "test_isolate.h"

namespace edged::runtime {
namespace {

using testing::bundleOf;
using testing::esModule;
using testing::evalJs;
using testing::records;

class WorkerIsolateTest : public ::testing::Test {
 protected:
  std::unique_ptr<Snapshot> snapshotOf(std::string runtime_js) {
    return testing::makeSnapshot(testing::recordOps(), {{"test:runtime", std::move(runtime_js)}});
  }

  std::unique_ptr<Snapshot> minimal_ = snapshotOf(testing::kMinimalRuntimeJs);
  testing::TestLoop loop_;
};

// A runtime whose start-up hooks record what they receive.
constexpr char kRecordingRuntimeJs[] = R"js(
  globalThis.record = (text) => ops.record(String(text));
  internals.setEnv = (env) => ops.record('setEnv ' + JSON.stringify(env));
  internals.setupWorker = (ns) => {
    ops.record('setupWorker ' + Object.keys(ns).join(',') + ' ' + typeof ns.default.fetch);
  };
)js";

TEST_F(WorkerIsolateTest, SetsEnvBeforeTheMainModuleAndHandsItsNamespaceToSetupWorker) {
  auto snapshot = snapshotOf(kRecordingRuntimeJs);
  WorkerIsolateOptions options;
  options.env_json = R"({"GREETING":"hi","LIMITS":{"n":3},"LIST":[1,"two"]})";
  auto worker =
      testing::startWorker(*snapshot, bundleOf({esModule("index.js", R"(record("main evaluated");
                                        export default { fetch() {} };
                                        export const named = 1;)")}),
                           loop_.get(), options);
  ASSERT_TRUE(worker);
  EXPECT_EQ(
      records(worker->realm()),
      (std::vector<std::string>{R"(setEnv {"GREETING":"hi","LIMITS":{"n":3},"LIST":[1,"two"]})",
                                "main evaluated", "setupWorker default,named function"}));
}

TEST_F(WorkerIsolateTest, StartFailsWhenTheRuntimeHasNoSetEnv) {
  auto snapshot = snapshotOf("internals.setupWorker = () => {};");
  EXPECT_EQ(testing::startError(*snapshot, bundleOf({esModule("index.js", "")}), loop_.get()),
            "the runtime could not set up env");
}

TEST_F(WorkerIsolateTest, StartFailsWithTheErrorSetupWorkerThrows) {
  auto snapshot = snapshotOf(R"js(
    internals.setEnv = () => {};
    internals.setupWorker = (ns) => {
      if (!ns.default) throw new TypeError('the main module has no default export');
    };
  )js");
  std::string error = testing::startError(
      *snapshot, bundleOf({esModule("index.js", "export const x = 1;")}), loop_.get());
  EXPECT_EQ(error.rfind("TypeError: the main module has no default export", 0), 0u) << error;
}

TEST_F(WorkerIsolateTest, StartFailsOnEnvThatIsNotJson) {
  WorkerIsolateOptions options;
  options.env_json = "{ nope";
  std::string error =
      testing::startError(*minimal_, bundleOf({esModule("index.js", "")}), loop_.get(), options);
  EXPECT_NE(error.find("SyntaxError"), std::string::npos) << error;
}

TEST_F(WorkerIsolateTest, GlobalsPersistBetweenEntriesLikeOnCloudflare) {
  auto worker = testing::startWorker(
      *minimal_, bundleOf({esModule("index.js", "globalThis.hits = 0;")}), loop_.get());
  ASSERT_TRUE(worker);
  EXPECT_EQ(evalJs(worker->realm(), "++hits"), "1");
  EXPECT_EQ(evalJs(worker->realm(), "++hits"), "2");
}

TEST_F(WorkerIsolateTest, IsolatesFromOneSnapshotShareNothing) {
  auto bundle = bundleOf({esModule("index.js", "")});
  auto first = testing::startWorker(*minimal_, bundle, loop_.get());
  auto second = testing::startWorker(*minimal_, bundle, loop_.get());
  ASSERT_TRUE(first && second);
  evalJs(first->realm(), "globalThis.mine = 'first'; Array.prototype.patched = true;");
  EXPECT_EQ(evalJs(second->realm(), "typeof mine"), "undefined");
  EXPECT_EQ(evalJs(second->realm(), "[].patched"), "undefined");
  EXPECT_EQ(evalJs(first->realm(), "mine"), "first");
}

TEST_F(WorkerIsolateTest, RuntimeInternalsAndOpsAreInvisibleToWorkerCode) {
  auto worker = testing::startWorker(
      *minimal_,
      bundleOf({esModule("index.js", "export const t = typeof internals + typeof ops;")}),
      loop_.get());
  ASSERT_TRUE(worker);
  EXPECT_EQ(evalJs(worker->realm(), "worker.t"), "undefinedundefined");
}

TEST_F(WorkerIsolateTest, EvalAndNewFunctionAreRefusedAsOnCloudflare) {
  auto worker = testing::startWorker(*minimal_, bundleOf({esModule("index.js", R"(
        export function tryEval() { try { return eval("1 + 1"); } catch (e) { return e.name; } }
        export function tryFunction() {
          try { return new Function("return 2")(); } catch (e) { return e.name; }
        })")}),
                                     loop_.get());
  ASSERT_TRUE(worker);
  EXPECT_EQ(evalJs(worker->realm(), "worker.tryEval()"), "EvalError");
  EXPECT_EQ(evalJs(worker->realm(), "worker.tryFunction()"), "EvalError");
}

TEST_F(WorkerIsolateTest, HeapLimitStopsTheJavaScriptAndBreaksTheRealm) {
  testing::LogCapture log;
  int broken_calls = 0;
  WorkerIsolateOptions options;
  options.heap_limit_bytes = 16u << 20;
  options.realm.worker_name = "hungry";
  options.realm.on_broken = [&] { ++broken_calls; };
  auto worker =
      testing::startWorker(*minimal_, bundleOf({esModule("index.js", "")}), loop_.get(), options);
  ASSERT_TRUE(worker);
  EXPECT_FALSE(testing::runJs(worker->realm(), R"(
    const hoard = [];
    for (;;) hoard.push(new Array(10000).fill({ some: "object" }));
  )",
                              "req-9"));
  EXPECT_EQ(worker->realm().broken(), Realm::Broken::kHeapLimit);
  EXPECT_EQ(broken_calls, 1);
  EXPECT_TRUE(log.contains("error [hungry req-9] Worker exceeded memory limit.")) << log.text();
  // A broken realm runs no more JavaScript, and on_broken is not called again.
  EXPECT_EQ(evalJs(worker->realm(), "1"), "(not entered)");
  EXPECT_EQ(broken_calls, 1);
}

TEST_F(WorkerIsolateTest, HeapLimitDuringStartUpFailsTheStart) {
  testing::LogCapture log;
  WorkerIsolateOptions options;
  options.heap_limit_bytes = 16u << 20;
  std::string error = testing::startError(
      *minimal_,
      bundleOf({esModule("index.js", "const a = []; for (;;) a.push(new Array(10000).fill(a));")}),
      loop_.get(), options);
  EXPECT_EQ(error, "the Worker exceeded its memory limit during start-up");
}

TEST_F(WorkerIsolateTest, CpuLimitDuringStartUpFailsTheStart) {
  testing::LogCapture log;
  WorkerIsolateOptions options;
  options.realm.watchdog = &testing::sharedWatchdog();
  options.realm.cpu_limit_ns = 20'000'000;
  std::string error = testing::startError(
      *minimal_, bundleOf({esModule("index.js", "for (;;) {}")}), loop_.get(), options);
  EXPECT_EQ(error, "the Worker exceeded its CPU time limit during start-up");
}

}  // namespace
}  // namespace edged::runtime
