#pragma once
// Shared by the tests of src/api's native ops: a runtime built in-process whose op table holds
// the ops under test, exposed to test code as `globalThis.ops`, plus small helpers to show
// bytes and UTF-16 code units. Timers call internals.onTimer, which records "timer <id>" and
// then calls `globalThis.afterTimer(id)` when a test defines it.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>

#include "edged/api/basic_ops.h"
#include "edged/api/timers.h"
#include "test_isolate.h"

namespace edged::api::testing {

inline constexpr runtime::NativeOp kApiOps[] = {
    {"record", &edged::testing::opRecord}, {"log", &opLog},
    {"promiseState", &opPromiseState},     {"transferArrayBuffer", &opTransferArrayBuffer},
    {"encodeUtf8", &opEncodeUtf8},         {"encodeUtf8Into", &opEncodeUtf8Into},
    {"decodeUtf8", &opDecodeUtf8},         {"decodeLatin1", &opDecodeLatin1},
    {"domainToASCII", &opDomainToAscii},   {"domainToUnicode", &opDomainToUnicode},
    {"randomFill", &opRandomFill},         {"randomUUID", &opRandomUUID},
    {"monotonicNow", &opMonotonicNow},     {"structuredClone", &opStructuredClone},
    {"timerStart", &opTimerStart},         {"timerCancel", &opTimerCancel},
};

inline constexpr char kApiRuntimeJs[] = R"js(
  globalThis.ops = ops;
  internals.onTimer = (id) => {
    ops.record('timer ' + id);
    if (globalThis.afterTimer) globalThis.afterTimer(id);
  };
  // bytes(0x68, 0xc3) → Uint8Array; hex(u8) → "68 c3"; units("hé") → "0068 00E9".
  globalThis.bytes = (...values) => new Uint8Array(values);
  globalThis.hex = (u8) => Array.from(u8, (b) => b.toString(16).padStart(2, '0')).join(' ');
  globalThis.units = (s) => Array.from({ length: s.length },
      (_, i) => s.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')).join(' ');
  // The error a call throws, as "Name: message", or "no error".
  globalThis.thrown = (fn) => {
    try { fn(); return 'no error'; } catch (e) { return e.name + ': ' + e.message; }
  };
)js";

class ApiOpsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(snapshot_);
    runtime::WorkerIsolateOptions options;
    options.realm.worker_name = "w";
    worker_ = edged::testing::startWorker(
        *snapshot_, edged::testing::bundleOf({edged::testing::esModule("index.js", "")}),
        loop_.get(), options);
    ASSERT_TRUE(worker_);
  }

  // String(completion value) of `code`, or "threw: <stack>".
  std::string js(std::string_view code) { return edged::testing::evalJs(worker_->realm(), code); }
  const std::vector<std::string>& records() { return edged::testing::records(worker_->realm()); }

  std::unique_ptr<runtime::Snapshot> snapshot_ = edged::testing::makeSnapshot(
      kApiOps, {{"test:runtime", edged::testing::kMinimalRuntimeJs}, {"test:api", kApiRuntimeJs}});
  edged::testing::TestLoop loop_;
  std::unique_ptr<runtime::WorkerIsolate> worker_;
};

}  // namespace edged::api::testing
