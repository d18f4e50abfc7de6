// random ops: crypto.getRandomValues/randomUUID's native half, and the monotonic clock.
#include <gtest/gtest.h>

#include "api_ops_fixture.h"

namespace edged::api {
namespace {

using RandomOps = testing::ApiOpsTest;

TEST_F(RandomOps, RandomUuidIsVersion4WithTheRfcVariant) {
  EXPECT_EQ(js(R"(
    const uuids = Array.from({ length: 200 }, () => ops.randomUUID());
    const shape = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    uuids.every((u) => shape.test(u)) + ' ' + new Set(uuids).size
  )"),
            "true 200");
}

TEST_F(RandomOps, RandomUuidBitsOtherThanVersionAndVariantVary) {
  // Over 200 UUIDs every hex position other than the fixed version digit takes several values.
  EXPECT_EQ(js(R"(
    const many = Array.from({ length: 200 }, () => ops.randomUUID().replaceAll('-', ''));
    const fixed = [];
    for (let i = 0; i < 32; ++i) if (new Set(many.map((u) => u[i])).size === 1) fixed.push(i);
    fixed.join()
  )"),
            "12");
}

TEST_F(RandomOps, RandomFillFillsExactlyTheViewedBytes) {
  EXPECT_EQ(js(R"(
    const all = new Uint8Array(48);
    ops.randomFill(new Uint8Array(all.buffer, 8, 32));
    const untouched = [...all.subarray(0, 8), ...all.subarray(40)].every((b) => b === 0);
    const filled = all.subarray(8, 40).some((b) => b !== 0);
    untouched + ' ' + filled
  )"),
            "true true");
}

TEST_F(RandomOps, RandomFillGivesDifferentBytesEachTime) {
  EXPECT_EQ(js(R"(
    const a = new Uint32Array(8), b = new Uint32Array(8);
    ops.randomFill(a); ops.randomFill(b);
    a.join() !== b.join()
  )"),
            "true");
  EXPECT_EQ(js("ops.randomFill(new Uint8Array(0)); 'ok'"), "ok");
}

TEST_F(RandomOps, RandomFillRefusesNonBuffers) {
  EXPECT_EQ(js("thrown(() => ops.randomFill([1, 2, 3]))"),
            "TypeError: Expected an ArrayBufferView.");
}

TEST_F(RandomOps, MonotonicNowIsMillisecondsThatNeverGoBack) {
  EXPECT_EQ(js(R"(
    const times = [];
    for (let i = 0; i < 1000; ++i) times.push(ops.monotonicNow());
    const ordered = times.every((t, i) => i === 0 || t >= times[i - 1]);
    typeof times[0] + ' ' + ordered + ' ' + (times[999] - times[0] < 1000)
  )"),
            "number true true");
}

}  // namespace
}  // namespace edged::api
