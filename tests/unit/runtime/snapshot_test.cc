// buildSnapshot + bootstrapRuntime: runtime scripts run in order as
// `function (globalThis, internals, ops, primordials)`, and what they leave behind is what every
// isolate made from the snapshot starts with.
#include "edged/runtime/snapshot.h"

#include <gtest/gtest.h>

#include "test_isolate.h"

namespace edged::runtime {
namespace {

using testing::bundleOf;
using testing::esModule;
using testing::evalJs;

void opOne(const v8::FunctionCallbackInfo<v8::Value>& info) { info.GetReturnValue().Set(1); }
void opTwo(const v8::FunctionCallbackInfo<v8::Value>& info) { info.GetReturnValue().Set(2); }

constexpr NativeOp kTwoOps[] = {{"one", &opOne}, {"two", &opTwo}};

TEST(ExternalReferences, AreTheCallbacksInTableOrderThenZero) {
  std::vector<intptr_t> refs = externalReferences(kTwoOps);
  ASSERT_EQ(refs.size(), 3u);
  EXPECT_EQ(refs[0], reinterpret_cast<intptr_t>(&opOne));
  EXPECT_EQ(refs[1], reinterpret_cast<intptr_t>(&opTwo));
  EXPECT_EQ(refs[2], 0);
}

class SnapshotTest : public ::testing::Test {
 protected:
  testing::TestLoop loop_;
};

TEST_F(SnapshotTest, ScriptsRunInOrderAndShareInternalsAndPrimordials) {
  auto snapshot = testing::makeSnapshot(
      kTwoOps, {{"test:runtime", testing::kMinimalRuntimeJs},
                {"first.js", "internals.order = ['first']; primordials.saved = 'p';"},
                {"second.js",
                 "internals.order.push('second');"
                 "globalThis.seen = internals.order.join() + ' ' + primordials.saved;"}});
  ASSERT_TRUE(snapshot);
  auto worker = testing::startWorker(*snapshot, bundleOf({esModule("index.js", "")}), loop_.get());
  ASSERT_TRUE(worker);
  EXPECT_EQ(evalJs(worker->realm(), "seen"), "first,second p");
}

TEST_F(SnapshotTest, OpsAreNamedFunctionsThatCallTheirNativeCallback) {
  auto snapshot =
      testing::makeSnapshot(kTwoOps, {{"test:runtime", testing::kMinimalRuntimeJs}, {"ops.js", R"(
                  globalThis.opNames = Object.keys(ops).join();
                  globalThis.callOps = () => ops.one() + ops.two();
                  globalThis.opName = ops.two.name;
                  globalThis.construct = () => { try { new ops.one(); return 'constructed'; }
                                                 catch (e) { return e.name; } };
                )"}});
  ASSERT_TRUE(snapshot);
  auto worker = testing::startWorker(*snapshot, bundleOf({esModule("index.js", "")}), loop_.get());
  ASSERT_TRUE(worker);
  EXPECT_EQ(evalJs(worker->realm(), "opNames"), "one,two");
  EXPECT_EQ(evalJs(worker->realm(), "callOps()"), "3");
  EXPECT_EQ(evalJs(worker->realm(), "opName"), "two");
  EXPECT_EQ(evalJs(worker->realm(), "construct()"), "TypeError");
}

TEST_F(SnapshotTest, RuntimeScriptsAreFunctionBodiesNotModules) {
  // `return` is legal in a function body, and top-level `let` stays local to its file.
  auto snapshot = testing::makeSnapshot(
      kTwoOps, {{"test:runtime", testing::kMinimalRuntimeJs},
                {"a.js", "let local = 'a'; globalThis.fromA = local; return; globalThis.x = 1;"},
                {"b.js", "let local = 'b'; globalThis.fromB = local;"}});
  ASSERT_TRUE(snapshot);
  auto worker = testing::startWorker(*snapshot, bundleOf({esModule("index.js", "")}), loop_.get());
  ASSERT_TRUE(worker);
  EXPECT_EQ(evalJs(worker->realm(), "fromA + fromB + typeof x + typeof local"),
            "abundefinedundefined");
}

TEST(BuildSnapshot, AScriptThatThrowsFailsTheBuildNamingTheScript) {
  Result<std::string> blob = buildSnapshot(
      kTwoOps,
      {{"edged:api/ok.js", "globalThis.ok = 1;"},
       {"edged:api/bad.js", "function setUp() {\n  throw new Error('bad runtime');\n}\nsetUp();"}});
  ASSERT_FALSE(blob.ok());
  const std::string& message = blob.error().message;
  EXPECT_EQ(message.rfind("edged:api/bad.js: Error: bad runtime", 0), 0u) << message;
  // No line: errors made while V8 creates a snapshot carry no stack frames.
}

TEST(BuildSnapshot, ASyntaxErrorFailsTheBuildNamingTheScript) {
  Result<std::string> blob = buildSnapshot(kTwoOps, {{"edged:api/broken.js", "const = 1;"}});
  ASSERT_FALSE(blob.ok());
  EXPECT_EQ(blob.error().message.rfind("edged:api/broken.js: SyntaxError: ", 0), 0u)
      << blob.error().message;
}

TEST(BuildSnapshot, NoScriptsStillMakesALoadableBlob) {
  Result<std::string> blob = buildSnapshot(kTwoOps, {});
  ASSERT_TRUE(blob.ok()) << blob.error().message;
  EXPECT_GT(blob->size(), 1000u);
}

}  // namespace
}  // namespace edged::runtime
