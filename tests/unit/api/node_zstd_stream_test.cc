// node:zlib's zstd streams without V8 (src/api/node_zstd_stream.cc): frames the zstd CLI wrote
// decompress, round trips with parameters, pledgedSrcSize and a dictionary, workerd's errors for
// corrupt, truncated and mis-sized data, flushes, reset, and output in bounded pieces.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "api/node_zlib_stream.h"
#include "zlib_stream_helpers.h"

namespace edged::api {
namespace {

using zlib_test::Bytes;
using zlib_test::bytesOf;
using zlib_test::make;
using zlib_test::run;

// zlib.constants.ZSTD_e_*, ZSTD_c_*, ZSTD_d_*.
constexpr int kContinue = 0;
constexpr int kFlush = 1;
constexpr int kEnd = 2;
constexpr int kCompressionLevel = 100;
constexpr int kWindowLog = 101;
constexpr int kChecksumFlag = 201;
constexpr int kNbWorkers = 400;
constexpr int kWindowLogMax = 100;

// `printf hello | zstd -c` (with its content checksum).
const Bytes kHelloFromCli = {0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x58, 0x29, 0x00, 0x00,
                             0x68, 0x65, 0x6c, 0x6c, 0x6f, 0xa3, 0x6d, 0x9f, 0x88};

Bytes compress(const Bytes& input, const ZlibOptions& options = {}) {
  auto stream = make(ZlibMode::kZstdCompress, options);
  return run(*stream, input, kEnd);
}

Bytes decompress(const Bytes& input, const ZlibOptions& options = {},
                 std::optional<ZlibError>* failure = nullptr) {
  auto stream = make(ZlibMode::kZstdDecompress, options);
  return run(*stream, input, kEnd, failure);
}

Bytes sample() {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "node zstd sample " + std::to_string(i % 53) + "\n";
  return bytesOf(text);
}

TEST(NodeZstdStream, DecompressesWhatTheCliWrote) {
  EXPECT_EQ(decompress(kHelloFromCli), bytesOf("hello"));
}

TEST(NodeZstdStream, RoundTripsWithParameters) {
  const Bytes input = sample();
  Bytes plain = compress(input);
  EXPECT_LT(plain.size(), input.size() / 10);
  EXPECT_EQ(decompress(plain), input);

  ZlibOptions options;
  options.zstd_params = {{kCompressionLevel, 19}, {kChecksumFlag, 1}, {kNbWorkers, 4}};
  Bytes checked = compress(input, options);
  EXPECT_EQ(decompress(checked), input);
  // A negative level is one of zstd's fast levels.
  options.zstd_params = {{kCompressionLevel, -5}};
  EXPECT_EQ(decompress(compress(input, options)), input);
}

TEST(NodeZstdStream, EmptyInputIsOneEmptyFrame) {
  Bytes frame = compress({});
  EXPECT_EQ(frame, (Bytes{0x28, 0xb5, 0x2f, 0xfd, 0x20, 0x00, 0x01, 0x00, 0x00}));
  EXPECT_TRUE(decompress(frame).empty());
  EXPECT_TRUE(decompress({}).empty());
}

TEST(NodeZstdStream, RefusedParametersFailAtCreation) {
  for (auto [key, value] : {std::pair{kWindowLog, 100}, std::pair{150, 1}}) {
    ZlibOptions options;
    options.zstd_params = {{key, value}};
    ZlibError error;
    EXPECT_EQ(ZlibStream::create(ZlibMode::kZstdCompress, options, error), nullptr);
    EXPECT_EQ(error.message, "Initialization failed");
    EXPECT_EQ(error.code, "ERR_ZLIB_INITIALIZATION_FAILED");
  }
}

TEST(NodeZstdStream, ReportsCorruptAndTruncatedDataAsWorkerdDoes) {
  std::optional<ZlibError> failure;
  decompress(bytesOf("garbage garbage"), {}, &failure);
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->message, "Zstd decompression failed: Unknown frame descriptor");
  EXPECT_EQ(failure->code, "ERR_ZSTD_DECOMPRESSION_FAILED");
  EXPECT_EQ(failure->errno_value, -1);

  Bytes frame = compress(sample());
  failure.reset();
  decompress(Bytes(frame.begin(), frame.begin() + static_cast<ptrdiff_t>(frame.size() / 2)), {},
             &failure);
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->message, "unexpected end of file");

  Bytes corrupt = kHelloFromCli;
  corrupt.back() ^= 0xff;
  failure.reset();
  decompress(corrupt, {}, &failure);
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->message, "Zstd decompression failed: Restored data doesn't match checksum");
}

TEST(NodeZstdStream, StopsAtTheEndOfTheFirstFrame) {
  Bytes two = compress(bytesOf("ab"));
  Bytes second = compress(bytesOf("cd"));
  two.insert(two.end(), second.begin(), second.end());
  EXPECT_EQ(decompress(two), bytesOf("ab"));
  Bytes trailing = compress(bytesOf("ab"));
  trailing.push_back('z');
  EXPECT_EQ(decompress(trailing), bytesOf("ab"));
}

TEST(NodeZstdStream, PledgedSrcSizeGoesInTheHeaderAndIsHeldTo) {
  ZlibOptions options;
  options.pledged_src_size = 5;
  Bytes frame = compress(bytesOf("hello"), options);
  EXPECT_EQ(frame, (Bytes{0x28, 0xb5, 0x2f, 0xfd, 0x20, 0x05, 0x29, 0x00, 0x00, 'h', 'e', 'l',
                          'l', 'o'}));
  // Streamed input that ends short of or past the promise fails. (Input given whole with
  // ZSTD_e_end is compressed in one call, where libzstd writes the real size instead, as in
  // Node and workerd.)
  options.pledged_src_size = 3;
  auto stream = make(ZlibMode::kZstdCompress, options);
  std::optional<ZlibError> failure;
  run(*stream, bytesOf("hello"), kContinue, &failure);
  run(*stream, {}, kEnd, &failure);
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->message, "Zstd compression failed: Src size is incorrect");
  EXPECT_EQ(failure->code, "ERR_ZSTD_COMPRESSION_FAILED");
}

TEST(NodeZstdStream, DictionaryIsNeededToDecompress) {
  ZlibOptions options;
  options.dictionary = bytesOf("node zstd sample dictionary text");
  Bytes frame = compress(bytesOf("node zstd sample"), options);
  EXPECT_EQ(decompress(frame, options), bytesOf("node zstd sample"));
  std::optional<ZlibError> failure;
  decompress(frame, {}, &failure);
  EXPECT_TRUE(failure);
}

TEST(NodeZstdStream, WindowLogMaxRefusesLargerFrames) {
  ZlibOptions big;
  big.zstd_params = {{kWindowLog, 20}};
  Bytes frame = compress(Bytes(300000, 'a'), big);
  ZlibOptions small;
  small.zstd_params = {{kWindowLogMax, 10}};
  std::optional<ZlibError> failure;
  decompress(frame, small, &failure);
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->message,
            "Zstd decompression failed: Frame requires too much memory for decoding");
}

TEST(NodeZstdStream, FlushesMidStreamAndStartsNewFramesAfterAnEnd) {
  auto stream = make(ZlibMode::kZstdCompress);
  EXPECT_TRUE(run(*stream, bytesOf("hello "), kContinue).empty());
  Bytes out = run(*stream, {}, kFlush);
  EXPECT_FALSE(out.empty());
  // What was flushed decompresses before the frame ends.
  auto reader = make(ZlibMode::kZstdDecompress);
  EXPECT_EQ(run(*reader, out, kContinue), bytesOf("hello "));

  Bytes first = run(*stream, bytesOf("world"), kEnd);
  out.insert(out.end(), first.begin(), first.end());
  // Ending again without input adds nothing; new input opens a second frame.
  EXPECT_TRUE(run(*stream, {}, kEnd).empty());
  Bytes second = run(*stream, bytesOf("again"), kEnd);
  EXPECT_EQ(decompress(out), bytesOf("hello world"));
  EXPECT_EQ(decompress(second), bytesOf("again"));
}

TEST(NodeZstdStream, ResetStartsAFreshFrameWithTheSameOptions) {
  ZlibOptions options;
  options.pledged_src_size = 5;
  auto stream = make(ZlibMode::kZstdCompress, options);
  run(*stream, bytesOf("abc"), kContinue);
  stream->reset();
  EXPECT_EQ(run(*stream, bytesOf("hello"), kEnd), compress(bytesOf("hello"), options));

  auto reader = make(ZlibMode::kZstdDecompress);
  run(*reader, Bytes(kHelloFromCli.begin(), kHelloFromCli.begin() + 8), kContinue);
  reader->reset();
  EXPECT_EQ(run(*reader, kHelloFromCli, kEnd), bytesOf("hello"));
}

TEST(NodeZstdStream, AFrameThatInflatesHugelyComesOutInBoundedPieces) {
  const Bytes zeros(64 * 1024 * 1024, 0);
  Bytes frame = compress(zeros);
  ASSERT_LT(frame.size(), 64u * 1024);
  auto stream = make(ZlibMode::kZstdDecompress);
  size_t total = 0;
  size_t largest_call = 0;
  std::span<const uint8_t> next(frame);
  for (;;) {
    size_t produced = 0;
    std::optional<ZlibError> error = stream->write(
        next, kEnd, [&](std::span<const uint8_t> piece) { produced += piece.size(); });
    next = {};
    ASSERT_FALSE(error) << error->message;
    if (produced == 0) break;
    largest_call = std::max(largest_call, produced);
    total += produced;
  }
  EXPECT_EQ(total, zeros.size());
  EXPECT_LE(largest_call, ZlibStream::kMaxOutputPerWrite + ZlibStream::kPieceSize);
}

}  // namespace
}  // namespace edged::api
