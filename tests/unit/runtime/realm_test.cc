// Realm::enter: the trap around every entry into JavaScript — uncaught errors and unhandled
// rejections are logged with worker and request, microtasks run, the CPU limit breaks the realm.
#include "edged/runtime/realm.h"

#include <gtest/gtest.h>
#include <v8-function.h>

#include "edged/runtime/js_values.h"
#include "test_isolate.h"

namespace edged::runtime {
namespace {

using testing::bundleOf;
using testing::esModule;
using testing::evalJs;
using testing::records;
using testing::runJs;

// ops.requestId() → the realm's current request id and whether it is entered, "id/entered".
void opRequestId(const v8::FunctionCallbackInfo<v8::Value>& info) {
  Realm* realm = Realm::from(info.GetIsolate());
  std::string text = realm->currentRequestId() + (realm->entered() ? "/entered" : "/outside");
  info.GetReturnValue().Set(newString(info.GetIsolate(), text));
}

// ops.nested(fn) → what Realm::enter returns when a native op calls `fn` through it.
void opNested(const v8::FunctionCallbackInfo<v8::Value>& info) {
  Realm* realm = Realm::from(info.GetIsolate());
  v8::Local<v8::Function> fn = info[0].As<v8::Function>();
  bool ok = realm->enter([&](v8::Local<v8::Context> context) {
    if (fn->Call(context, v8::Undefined(context->GetIsolate()), 0, nullptr).IsEmpty()) return;
  });
  info.GetReturnValue().Set(ok);
}

constexpr NativeOp kOps[] = {
    {"record", &testing::opRecord},
    {"requestId", &opRequestId},
    {"nested", &opNested},
};

constexpr char kRuntimeJs[] = R"js(
  globalThis.requestId = ops.requestId;
  globalThis.nested = ops.nested;
)js";

RealmOptions named(std::string worker_name) {
  RealmOptions options;
  options.worker_name = std::move(worker_name);
  return options;
}

// Options with a CPU limit per entry, enforced by the test binary's watchdog.
RealmOptions cpuLimited(uint64_t cpu_limit_ns, std::string worker_name = "w") {
  RealmOptions options = named(std::move(worker_name));
  options.cpu_limit_ns = cpu_limit_ns;
  options.watchdog = &testing::sharedWatchdog();
  return options;
}

class RealmTest : public ::testing::Test {
 protected:
  std::unique_ptr<WorkerIsolate> start(RealmOptions realm = {}) {
    WorkerIsolateOptions options;
    options.realm = std::move(realm);
    if (options.realm.worker_name.empty()) options.realm.worker_name = "w";
    return testing::startWorker(*snapshot_, bundleOf({esModule("index.js", "")}), loop_.get(),
                                std::move(options));
  }

  std::unique_ptr<Snapshot> snapshot_ = testing::makeSnapshot(
      kOps, {{"test:runtime", testing::kMinimalRuntimeJs}, {"test:realm", kRuntimeJs}});
  testing::TestLoop loop_;
  testing::LogCapture log_;
};

TEST_F(RealmTest, FromFindsTheRealmOfAnIsolate) {
  auto worker = start();
  ASSERT_TRUE(worker);
  EXPECT_EQ(Realm::from(worker->isolate()), &worker->realm());
  EXPECT_EQ(worker->realm().workerName(), "w");
  EXPECT_EQ(worker->realm().loop(), loop_.get());
}

TEST_F(RealmTest, UncaughtErrorIsLoggedWithWorkerRequestAndStack) {
  auto worker = start(named("my-worker"));
  ASSERT_TRUE(worker);
  EXPECT_FALSE(
      runJs(worker->realm(), "function f() {\n  throw new Error('kaput');\n}\nf();", "req-1"));
  EXPECT_TRUE(log_.contains("error [my-worker req-1] Uncaught Error: kaput\n    at f (test.js:2:"))
      << log_.text();
  // An uncaught error is the Worker's, not a broken limit: the realm stays usable.
  EXPECT_EQ(worker->realm().broken(), Realm::Broken::kNo);
  EXPECT_EQ(evalJs(worker->realm(), "1 + 1"), "2");
}

TEST_F(RealmTest, UncaughtNonErrorValueIsLoggedAsItsString) {
  auto worker = start();
  ASSERT_TRUE(worker);
  EXPECT_FALSE(runJs(worker->realm(), "throw 42;"));
  EXPECT_TRUE(log_.contains("error [w] Uncaught 42")) << log_.text();
}

TEST_F(RealmTest, RequestIdIsSetOnlyWhileInside) {
  auto worker = start();
  ASSERT_TRUE(worker);
  EXPECT_TRUE(runJs(worker->realm(), "record(requestId())", "req-42"));
  EXPECT_EQ(records(worker->realm()), std::vector<std::string>{"req-42/entered"});
  EXPECT_FALSE(worker->realm().entered());
  EXPECT_EQ(worker->realm().currentRequestId(), "");
}

TEST_F(RealmTest, MicrotasksRunBeforeEnterReturns) {
  auto worker = start();
  ASSERT_TRUE(worker);
  EXPECT_TRUE(runJs(worker->realm(), R"(
    Promise.resolve().then(() => record("microtask")).then(() => record("second microtask"));
    record("script");
  )"));
  EXPECT_EQ(records(worker->realm()),
            (std::vector<std::string>{"script", "microtask", "second microtask"}));
}

TEST_F(RealmTest, UnhandledRejectionIsLoggedOnceMicrotasksHaveRun) {
  auto worker = start();
  ASSERT_TRUE(worker);
  EXPECT_TRUE(runJs(worker->realm(), "Promise.reject(new RangeError('nobody listens'));", "r"));
  EXPECT_TRUE(log_.contains("error [w r] Uncaught (in promise) RangeError: nobody listens"))
      << log_.text();
}

TEST_F(RealmTest, ErrorThrownInAThenCallbackIsAnUnhandledRejection) {
  auto worker = start();
  ASSERT_TRUE(worker);
  EXPECT_TRUE(
      runJs(worker->realm(), "Promise.resolve().then(() => { throw new Error('late'); });"));
  EXPECT_TRUE(log_.contains("Uncaught (in promise) Error: late")) << log_.text();
}

TEST_F(RealmTest, RejectionHandledDuringMicrotasksIsNotReported) {
  auto worker = start();
  ASSERT_TRUE(worker);
  EXPECT_TRUE(runJs(worker->realm(), R"(
    const p = Promise.reject(new Error('handled later'));
    Promise.resolve().then(() => p.catch((e) => record('caught ' + e.message)));
  )"));
  EXPECT_EQ(records(worker->realm()), std::vector<std::string>{"caught handled later"});
  EXPECT_FALSE(log_.contains("handled later")) << log_.text();
}

TEST_F(RealmTest, NestedEntryFromANativeOpLogsItsOwnErrorAndTheOuterEntryGoesOn) {
  auto worker = start();
  ASSERT_TRUE(worker);
  EXPECT_TRUE(runJs(worker->realm(), R"(
    record(nested(() => record('inner ' + requestId())));
    record(nested(() => { throw new Error('inner failure'); }));
    record('outer continues');
  )",
                    "req-n"));
  EXPECT_EQ(records(worker->realm()),
            (std::vector<std::string>{"inner req-n/entered", "true", "false", "outer continues"}));
  EXPECT_TRUE(log_.contains("error [w req-n] Uncaught Error: inner failure")) << log_.text();
}

TEST_F(RealmTest, StateIsCreatedOnFirstUseAndDestroyedWithTheRealm) {
  struct Counter : RealmState {
    int* destroyed = nullptr;
    int value = 0;
    ~Counter() override {
      if (destroyed) ++*destroyed;
    }
  };
  int destroyed = 0;
  {
    auto worker = start();
    ASSERT_TRUE(worker);
    Counter& counter = worker->realm().state<Counter>();
    counter.destroyed = &destroyed;
    counter.value = 7;
    EXPECT_EQ(&worker->realm().state<Counter>(), &counter);
    EXPECT_EQ(worker->realm().state<Counter>().value, 7);
    EXPECT_EQ(destroyed, 0);
  }
  EXPECT_EQ(destroyed, 1);
}

TEST_F(RealmTest, RequestEndHooksRunOnceWhenTheirRequestEnds) {
  auto worker = start();
  ASSERT_TRUE(worker);
  Realm& realm = worker->realm();
  std::vector<std::string> ran;
  realm.atRequestEnd("a", [&] { ran.push_back("a1"); });
  realm.atRequestEnd("b", [&] { ran.push_back("b"); });
  realm.atRequestEnd("a", [&] { ran.push_back("a2"); });
  realm.endRequest("a");
  EXPECT_EQ(ran, (std::vector<std::string>{"a1", "a2"}));
  realm.endRequest("a");
  realm.endRequest("unknown");
  EXPECT_EQ(ran.size(), 2u);
  realm.endRequest("b");
  EXPECT_EQ(ran, (std::vector<std::string>{"a1", "a2", "b"}));
}

// ---- CPU limit ---------------------------------------------------------------------------------

TEST_F(RealmTest, CpuLimitTerminatesAnEndlessLoopAndBreaksTheRealm) {
  int broken_calls = 0;
  RealmOptions options = cpuLimited(20'000'000, "spinner");
  options.on_broken = [&] { ++broken_calls; };
  auto worker = start(std::move(options));
  ASSERT_TRUE(worker);
  EXPECT_FALSE(runJs(worker->realm(), "for (;;) {}", "req-cpu"));
  EXPECT_EQ(worker->realm().broken(), Realm::Broken::kCpuLimit);
  EXPECT_EQ(broken_calls, 1);
  EXPECT_TRUE(log_.contains("error [spinner req-cpu] Worker exceeded CPU time limit."))
      << log_.text();
  // Termination is not logged as an uncaught error.
  EXPECT_FALSE(log_.contains("Uncaught")) << log_.text();
  // Discarded: nothing runs any more, and on_broken is not called twice.
  EXPECT_EQ(evalJs(worker->realm(), "1"), "(not entered)");
  EXPECT_FALSE(runJs(worker->realm(), "record('never')"));
  EXPECT_EQ(broken_calls, 1);
  EXPECT_TRUE(records(worker->realm()).empty());
}

TEST_F(RealmTest, CpuLimitAlsoStopsAnEndlessMicrotaskChain) {
  auto worker = start(cpuLimited(20'000'000));
  ASSERT_TRUE(worker);
  EXPECT_FALSE(runJs(worker->realm(), "const spin = () => Promise.resolve().then(spin); spin();"));
  EXPECT_EQ(worker->realm().broken(), Realm::Broken::kCpuLimit);
}

TEST_F(RealmTest, PerEntryBudgetOverridesTheRequestLimit) {
  auto worker = start(cpuLimited(60'000'000'000));
  ASSERT_TRUE(worker);
  EXPECT_FALSE(runJs(worker->realm(), "for (;;) {}", "", 20'000'000));
  EXPECT_EQ(worker->realm().broken(), Realm::Broken::kCpuLimit);
}

TEST_F(RealmTest, CpuLimitReachedInsideANestedEntryStopsTheOuterJavaScriptToo) {
  auto worker = start(cpuLimited(20'000'000));
  ASSERT_TRUE(worker);
  EXPECT_FALSE(runJs(worker->realm(), "nested(() => { for (;;) {} }); record('outer went on');"));
  EXPECT_EQ(worker->realm().broken(), Realm::Broken::kCpuLimit);
  EXPECT_TRUE(records(worker->realm()).empty());
}

// The limit is per entry (per request), not per realm: many entries that each stay under it
// add up to far more than the limit without breaking anything.
TEST_F(RealmTest, TheCpuLimitIsPerEntryNotCumulative) {
  auto worker = start(cpuLimited(60'000'000));
  ASSERT_TRUE(worker);
  for (int i = 0; i < 8; ++i) {
    // ~15 ms of wall time spinning: at most ~15 ms of CPU.
    EXPECT_TRUE(
        runJs(worker->realm(), "{ const end = Date.now() + 15; while (Date.now() < end) {} }"));
  }
  EXPECT_EQ(worker->realm().broken(), Realm::Broken::kNo);
  EXPECT_EQ(evalJs(worker->realm(), "'still alive'"), "still alive");
}

}  // namespace
}  // namespace edged::runtime
