// transferArrayBuffer: Streams' TransferArrayBuffer (V8 10.2 has no ArrayBuffer#transfer).
#include <gtest/gtest.h>

#include "api_ops_fixture.h"

namespace edged::api {
namespace {

using BufferOps = testing::ApiOpsTest;

TEST_F(BufferOps, TransferMovesTheBytesAndDetachesTheOriginal) {
  EXPECT_EQ(js(R"(
    const original = new Uint8Array([5, 6, 7]).buffer;
    const moved = ops.transferArrayBuffer(original);
    [moved !== original, original.byteLength, moved.byteLength, new Uint8Array(moved).join()].join()
  )"),
            "true,0,3,5,6,7");
}

TEST_F(BufferOps, TransferRefusesNonBuffersAndUndetachableOnes) {
  EXPECT_EQ(js("thrown(() => ops.transferArrayBuffer(new Uint8Array(1)))"),
            "TypeError: Expected an ArrayBuffer.");
  EXPECT_EQ(
      js("thrown(() => ops.transferArrayBuffer(new WebAssembly.Memory({ initial: 1 }).buffer))"),
      "TypeError: This ArrayBuffer cannot be transferred.");
}

}  // namespace
}  // namespace edged::api
