// console ops: console.* lines into the server log, and promise inspection for console.log.
#include <gtest/gtest.h>

#include "api_ops_fixture.h"

namespace edged::api {
namespace {

using ConsoleOps = testing::ApiOpsTest;

TEST_F(ConsoleOps, LogLinesCarryLevelWorkerAndRequest) {
  edged::testing::LogCapture log;
  ASSERT_TRUE(edged::testing::runJs(worker_->realm(), R"(
    ops.log('log', 'plain line');
    ops.log('info', 'info line');
    ops.log('warn', 'careful');
    ops.log('error', 'it broke');
    ops.log('debug', 'details');
  )",
                                    "req-7"));
  EXPECT_EQ(log.text(),
            "info [w req-7] plain line\n"
            "info [w req-7] info line\n"
            "warning [w req-7] careful\n"
            "error [w req-7] it broke\n"
            "debug [w req-7] details\n");
}

TEST_F(ConsoleOps, LogOutsideARequestHasNoRequestId) {
  edged::testing::LogCapture log;
  js("ops.log('log', 'multi\\nline ✓')");
  EXPECT_EQ(log.text(), "info [w] multi\nline ✓\n");
}

TEST_F(ConsoleOps, PromiseStateReportsPendingFulfilledAndRejected) {
  EXPECT_EQ(js("String(ops.promiseState(new Promise(() => {})))"), "0,");
  EXPECT_EQ(js("String(ops.promiseState(Promise.resolve('done')))"), "1,done");
  EXPECT_EQ(js("const rejected = Promise.reject('nope'); rejected.catch(() => {});"
               "String(ops.promiseState(rejected))"),
            "2,nope");
  EXPECT_EQ(js("thrown(() => ops.promiseState({ then() {} }))"), "TypeError: Expected a Promise.");
}

}  // namespace
}  // namespace edged::api
