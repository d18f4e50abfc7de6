// Node's zlib and brotli streams without V8 (src/api/node_zlib_stream.h): round trips in every
// mode, Node's errors for corrupt and truncated data, dictionaries, and output in bounded
// pieces so a small input that inflates hugely comes out only as fast as it is asked for.
#include "api/node_zlib_stream.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdint>
#include <string>
#include <vector>

#include "zlib_stream_helpers.h"

namespace edged::api {
namespace {

using zlib_test::Bytes;
using zlib_test::bytesOf;
using zlib_test::make;
using zlib_test::run;

constexpr int kFinish = Z_FINISH;
// BROTLI_OPERATION_FINISH, Node's brotli finish flush.
constexpr int kBrotliFinish = 2;

Bytes sample() {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "node zlib sample " + std::to_string(i % 37) + "\n";
  return bytesOf(text);
}

TEST(NodeZlibStream, RoundTripsInEveryMode) {
  const Bytes input = sample();
  const std::pair<ZlibMode, ZlibMode> pairs[] = {
      {ZlibMode::kDeflate, ZlibMode::kInflate},   {ZlibMode::kGzip, ZlibMode::kGunzip},
      {ZlibMode::kDeflateRaw, ZlibMode::kInflateRaw}, {ZlibMode::kGzip, ZlibMode::kUnzip},
      {ZlibMode::kDeflate, ZlibMode::kUnzip}};
  for (const auto& [compress, decompress] : pairs) {
    Bytes packed = run(*make(compress), input, kFinish);
    EXPECT_LT(packed.size(), input.size());
    EXPECT_EQ(run(*make(decompress), packed, kFinish), input);
  }
  Bytes brotli = run(*make(ZlibMode::kBrotliEncode), input, kBrotliFinish);
  EXPECT_EQ(run(*make(ZlibMode::kBrotliDecode), brotli, kBrotliFinish), input);
}

TEST(NodeZlibStream, GunzipReadsConcatenatedMembers) {
  Bytes both = run(*make(ZlibMode::kGzip), bytesOf("ab"), kFinish);
  Bytes second = run(*make(ZlibMode::kGzip), bytesOf("cd"), kFinish);
  both.insert(both.end(), second.begin(), second.end());
  EXPECT_EQ(run(*make(ZlibMode::kGunzip), both, kFinish), bytesOf("abcd"));
}

TEST(NodeZlibStream, ReportsNodesErrors) {
  std::optional<ZlibError> failure;
  run(*make(ZlibMode::kInflate), bytesOf("not zlib"), kFinish, &failure);
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->message, "incorrect header check");
  EXPECT_EQ(failure->code, "Z_DATA_ERROR");
  EXPECT_EQ(failure->errno_value, Z_DATA_ERROR);

  Bytes packed = run(*make(ZlibMode::kGzip), sample(), kFinish);
  packed.resize(packed.size() / 2);
  failure.reset();
  run(*make(ZlibMode::kGunzip), packed, kFinish, &failure);
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->message, "unexpected end of file");
  EXPECT_EQ(failure->code, "Z_BUF_ERROR");

  failure.reset();
  run(*make(ZlibMode::kBrotliDecode), Bytes{0xff, 0xff, 0xff}, kBrotliFinish, &failure);
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->message, "Decompression failed");
  EXPECT_EQ(failure->code, "ERR__ERROR_FORMAT_PADDING_2");
}

TEST(NodeZlibStream, DictionaryIsNeededAndUsed) {
  ZlibOptions options;
  options.dictionary = bytesOf("node zlib sample ");
  Bytes packed = run(*make(ZlibMode::kDeflate, options), sample(), kFinish);
  EXPECT_EQ(run(*make(ZlibMode::kInflate, options), packed, kFinish), sample());
  std::optional<ZlibError> failure;
  run(*make(ZlibMode::kInflate), packed, kFinish, &failure);
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->code, "Z_NEED_DICT");
  EXPECT_EQ(failure->message, "Missing dictionary");
}

TEST(NodeZlibStream, SyncFlushEmitsWhatWasWritten) {
  auto deflate = make(ZlibMode::kDeflate);
  Bytes partial = run(*deflate, bytesOf("partial"), Z_SYNC_FLUSH);
  EXPECT_FALSE(partial.empty());
  EXPECT_EQ(run(*make(ZlibMode::kInflate), partial, Z_SYNC_FLUSH), bytesOf("partial"));
}

TEST(NodeZlibStream, OutputComesInBoundedPieces) {
  Bytes zeros(64 * 1024 * 1024, 0);
  Bytes bomb = run(*make(ZlibMode::kDeflate), zeros, kFinish);
  auto inflate = make(ZlibMode::kInflate);
  size_t produced = 0;
  std::optional<ZlibError> error = inflate->write(
      bomb, kFinish, [&](std::span<const uint8_t> piece) {
        EXPECT_LE(piece.size(), ZlibStream::kPieceSize);
        produced += piece.size();
      });
  EXPECT_FALSE(error);
  EXPECT_LE(produced, ZlibStream::kMaxOutputPerWrite + ZlibStream::kPieceSize);
  EXPECT_EQ(produced + run(*inflate, {}, kFinish).size(), zeros.size());
}

TEST(NodeZlibStream, Crc32MatchesZlib) {
  Bytes hello = bytesOf("hello");
  EXPECT_EQ(zlibCrc32(hello, 0), 907060870u);
  Bytes world = bytesOf(" world");
  EXPECT_EQ(zlibCrc32(world, zlibCrc32(hello, 0)), zlibCrc32(bytesOf("hello world"), 0));
}

}  // namespace
}  // namespace edged::api
