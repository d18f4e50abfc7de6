// The compression ops (src/api/compression.cc) as runtime JS calls them: codecs behind opaque
// handles, output as Uint8Array pieces, TypeErrors with Workers' messages, and codecs freed by
// close or, for streams a Worker dropped, by the garbage collector.
#include "edged/api/compression.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "test_isolate.h"

namespace edged::api {
namespace {

constexpr runtime::NativeOp kOps[] = {
    {"record", &edged::testing::opRecord},
    {"compressionCreate", &opCompressionCreate},
    {"compressionPush", &opCompressionPush},
    {"compressionClose", &opCompressionClose},
};

// `run(handle, bytes, finish)` pushes until the codec has nothing more and returns all output;
// `thrown(fn)` is the error a call throws as "Name: message".
constexpr char kTestJs[] = R"js(
  globalThis.ops = ops;
  globalThis.run = (handle, bytes, finish) => {
    const out = [];
    let pieces = ops.compressionPush(handle, bytes, finish);
    while (pieces.length) {
      out.push(...pieces);
      pieces = ops.compressionPush(handle, undefined, finish);
    }
    const all = new Uint8Array(out.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of out) { all.set(p, at); at += p.length; }
    return all;
  };
  globalThis.thrown = (fn) => {
    try { fn(); return 'no error'; } catch (e) { return e.name + ': ' + e.message; }
  };
)js";

class CompressionOps : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(snapshot_);
    worker_ = edged::testing::startWorker(
        *snapshot_, edged::testing::bundleOf({edged::testing::esModule("index.js", "")}),
        loop_.get());
    ASSERT_TRUE(worker_);
  }

  std::string js(std::string_view code) { return edged::testing::evalJs(worker_->realm(), code); }

  // Memory V8 was told about outside its heap (the codecs' zlib state, among others): adjusting
  // by zero returns the current amount.
  int64_t externalMemory() {
    return worker_->realm().isolate()->AdjustAmountOfExternalAllocatedMemory(0);
  }

  void collectGarbage() {
    v8::Isolate* isolate = worker_->realm().isolate();
    v8::Isolate::Scope scope(isolate);
    isolate->LowMemoryNotification();
  }

  std::unique_ptr<runtime::Snapshot> snapshot_ = edged::testing::makeSnapshot(
      kOps, {{"test:runtime", edged::testing::kMinimalRuntimeJs}, {"test:compression", kTestJs}});
  edged::testing::TestLoop loop_;
  std::unique_ptr<runtime::WorkerIsolate> worker_;
};

TEST_F(CompressionOps, CompressAndDecompressThroughHandles) {
  EXPECT_EQ(js("{"
               "const c = ops.compressionCreate('gzip', 'compress');"
               "globalThis.packed = run(c, Uint8Array.from('hello hello hello', (ch) => "
               "ch.charCodeAt(0)), true);"
               "ops.compressionClose(c);"
               "[packed[0], packed[1]].join(' ')"
               "}"),
            "31 139");
  EXPECT_EQ(js("{"
               "const d = ops.compressionCreate('gzip', 'decompress');"
               "const out = run(d, packed.subarray(0, 5), false);"
               "const rest = run(d, packed.subarray(5), true);"
               "String.fromCharCode(...out, ...rest)"
               "}"),
            "hello hello hello");
}

TEST_F(CompressionOps, PiecesAreUint8ArraysOfBoundedSize) {
  // 32 MiB of zeros deflate to about 32 KiB; one push hands back about 1 MiB at most.
  EXPECT_EQ(js("{"
               "const c = ops.compressionCreate('deflate', 'compress');"
               "const bomb = run(c, new Uint8Array(32 << 20), true);"
               "const d = ops.compressionCreate('deflate', 'decompress');"
               "const first = ops.compressionPush(d, bomb, false);"
               "const size = first.reduce((n, p) => n + p.length, 0);"
               "[first.every((p) => p instanceof Uint8Array), size > 0, size <= (1 << 20) + 65536]"
               ".join()"
               "}"),
            "true,true,true");
}

TEST_F(CompressionOps, CorruptDataThrowsWorkersTypeError) {
  EXPECT_EQ(js("{"
               "const d = ops.compressionCreate('gzip', 'decompress');"
               "thrown(() => ops.compressionPush(d, new Uint8Array([1, 2, 3, 4]), false))"
               "}"),
            "TypeError: Decompression failed.");
  EXPECT_EQ(js("{"
               "const t = ops.compressionCreate('gzip', 'decode-content');"
               "thrown(() => ops.compressionPush(t, undefined, true))"
               "}"),
            "TypeError: Gzip compressed stream ended prematurely.");
}

TEST_F(CompressionOps, ClosedHandlesAndBadArgumentsThrow) {
  EXPECT_EQ(js("const c = ops.compressionCreate('gzip', 'compress'); ops.compressionClose(c);"
               "ops.compressionClose(c);"  // closing twice is harmless
               "thrown(() => ops.compressionPush(c, undefined, true))"),
            "TypeError: The compression codec is closed.");
  EXPECT_EQ(js("thrown(() => ops.compressionPush({}, undefined, true))"),
            "TypeError: The compression codec is closed.");
  EXPECT_EQ(js("thrown(() => ops.compressionCreate('zstd', 'compress'))"),
            "TypeError: compressionCreate: unknown format or mode");
  EXPECT_EQ(js("thrown(() => ops.compressionCreate('br', 'decompress'))"),
            "Error: This compression format is not supported in this mode.");
  EXPECT_EQ(js("{"
               "const c = ops.compressionCreate('gzip', 'compress');"
               "thrown(() => ops.compressionPush(c, 'text', false))"
               "}"),
            "TypeError: compressionPush: input is not bytes");
}

TEST_F(CompressionOps, CodecsOfDroppedHandlesAreFreedByTheGarbageCollector) {
  int64_t before = externalMemory();
  js("(() => { for (let i = 0; i < 20; i++) ops.compressionCreate('gzip', 'compress'); })()");
  int64_t held = externalMemory();
  EXPECT_GE(held - before, 20 * 256 * 1024) << "each deflate state is reported to V8";
  collectGarbage();
  // The collector's callbacks may not call V8: what they freed is reported at the next op.
  js("ops.compressionClose(ops.compressionCreate('deflate-raw', 'decompress'))");
  EXPECT_LT(externalMemory() - before, 256 * 1024);
}

TEST_F(CompressionOps, ClosingReportsTheMemoryFreed) {
  int64_t before = externalMemory();
  js("globalThis.kept = ops.compressionCreate('br', 'compress')");
  EXPECT_GT(externalMemory(), before);
  js("ops.compressionClose(kept)");
  EXPECT_EQ(externalMemory(), before);
}

}  // namespace
}  // namespace edged::api
