// The codecs behind CompressionStream, DecompressionStream and HTTP Content-Encoding
// (src/api/compression_codec.h): round trips with chunk boundaries anywhere, output produced in
// bounded pieces, and Workers' messages for corrupt, truncated and trailing data.
#include "api/compression_codec.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdint>
#include <string>
#include <vector>

namespace edged::api {
namespace {

using Bytes = std::string;

std::span<const uint8_t> view(const Bytes& bytes) {
  return {reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()};
}

// Text that compresses a little: words from a small pseudo-random generator.
Bytes sampleText(size_t size) {
  static const char* kWords[] = {"edge ", "worker ", "stream ", "gzip ", "bytes ", "chunk\n"};
  Bytes out;
  uint32_t state = 12345;
  while (out.size() < size) {
    state = state * 1103515245 + 12345;
    out += kWords[(state >> 16) % 6];
    if ((state >> 8) % 7 == 0) out += std::to_string(state % 1000);
  }
  out.resize(size);
  return out;
}

std::unique_ptr<Codec> makeCodec(CompressionFormat format, CodecMode mode) {
  Result<std::unique_ptr<Codec>> codec = Codec::create(format, mode);
  EXPECT_TRUE(codec.ok()) << codec.error().message;
  return codec.ok() ? std::move(codec).value() : nullptr;
}

// Runs `input` through `codec` in chunks of `chunk` bytes, calling push until each returns
// nothing, then finishes. Returns the output, or "error: <message>".
Bytes runAll(Codec& codec, const Bytes& input, size_t chunk) {
  Bytes out;
  auto emit = [&](std::span<const uint8_t> piece) {
    out.append(reinterpret_cast<const char*>(piece.data()), piece.size());
  };
  auto drain = [&](std::span<const uint8_t> first, bool finish) -> Status {
    size_t before = out.size();
    Status status = codec.push(first, finish, emit);
    while (status.ok() && out.size() != before) {
      before = out.size();
      status = codec.push({}, finish, emit);
    }
    return status;
  };
  for (size_t at = 0; at < input.size(); at += chunk) {
    Status status = drain(view(input).subspan(at, std::min(chunk, input.size() - at)), false);
    if (!status.ok()) return "error: " + status.error().message;
  }
  Status status = drain({}, true);
  if (!status.ok()) return "error: " + status.error().message;
  return out;
}

Bytes compress(CompressionFormat format, const Bytes& input, size_t chunk = 1 << 20) {
  return runAll(*makeCodec(format, CodecMode::kCompress), input, chunk);
}
Bytes decompress(CompressionFormat format, const Bytes& input, size_t chunk = 1 << 20) {
  return runAll(*makeCodec(format, CodecMode::kDecompress), input, chunk);
}
Bytes decodeContent(CompressionFormat format, const Bytes& input, size_t chunk = 1 << 20) {
  return runAll(*makeCodec(format, CodecMode::kDecodeContent), input, chunk);
}

constexpr CompressionFormat kStreamFormats[] = {
    CompressionFormat::kGzip, CompressionFormat::kDeflate, CompressionFormat::kDeflateRaw};

TEST(CompressionCodec, RoundTripsEveryFormatWithChunkBoundariesAnywhere) {
  const Bytes text = sampleText(200'000);
  for (CompressionFormat format : kStreamFormats) {
    for (size_t chunk : {1, 7, 100, 4096, 65'536, 1'000'000}) {
      Bytes compressed = compress(format, text, chunk);
      ASSERT_LT(compressed.size(), text.size() / 2);
      for (size_t back : {1, 3, 1000, 1'000'000}) {
        EXPECT_EQ(decompress(format, compressed, back), text)
            << "format " << static_cast<int>(format) << " chunks " << chunk << "/" << back;
      }
    }
  }
}

TEST(CompressionCodec, EmptyInputStillMakesAValidStream) {
  for (CompressionFormat format : kStreamFormats) {
    Bytes compressed = compress(format, "");
    EXPECT_FALSE(compressed.empty());
    EXPECT_EQ(decompress(format, compressed), "");
  }
}

TEST(CompressionCodec, WritesTheWrapperEachFormatNames) {
  Bytes gzip = compress(CompressionFormat::kGzip, "hello");
  ASSERT_GE(gzip.size(), 2u);
  EXPECT_EQ(static_cast<uint8_t>(gzip[0]), 0x1f);  // RFC 1952 §2.3.1 ID1, ID2
  EXPECT_EQ(static_cast<uint8_t>(gzip[1]), 0x8b);
  Bytes deflate = compress(CompressionFormat::kDeflate, "hello");
  EXPECT_EQ((static_cast<uint8_t>(deflate[0]) * 256 + static_cast<uint8_t>(deflate[1])) % 31, 0)
      << "RFC 1950 §2.2 CMF/FLG check";
  // zlib itself reads what the codec wrote.
  Bytes text = sampleText(10'000);
  Bytes zlibbed = compress(CompressionFormat::kDeflate, text);
  Bytes back(text.size(), '\0');
  uLongf length = back.size();
  ASSERT_EQ(uncompress(reinterpret_cast<Bytef*>(back.data()), &length,
                       reinterpret_cast<const Bytef*>(zlibbed.data()), zlibbed.size()),
            Z_OK);
  EXPECT_EQ(back, text);
}

TEST(CompressionCodec, OutputComesInBoundedPiecesHoweverMuchOneInputInflatesTo) {
  // 64 MiB of zeros compress to about 64 KiB: one push may not hand back all 64 MiB.
  const Bytes zeros(64u << 20, '\0');
  Bytes bomb = compress(CompressionFormat::kGzip, zeros);
  ASSERT_LT(bomb.size(), 100'000u);

  auto codec = makeCodec(CompressionFormat::kGzip, CodecMode::kDecompress);
  size_t largest_piece = 0;
  size_t pushes = 0;
  size_t total = 0;
  size_t per_push = 0;
  auto emit = [&](std::span<const uint8_t> piece) {
    largest_piece = std::max(largest_piece, piece.size());
    per_push += piece.size();
    total += piece.size();
  };
  size_t largest_push = 0;
  ASSERT_TRUE(codec->push(view(bomb), false, emit).ok());
  for (;;) {
    ++pushes;
    largest_push = std::max(largest_push, per_push);
    if (per_push == 0) break;
    per_push = 0;
    ASSERT_TRUE(codec->push({}, false, emit).ok());
  }
  ASSERT_TRUE(codec->push({}, true, emit).ok());
  EXPECT_EQ(total, zeros.size());
  EXPECT_LE(largest_piece, Codec::kPieceSize);
  EXPECT_LE(largest_push, Codec::kMaxOutputPerPush + Codec::kPieceSize);
  EXPECT_GE(pushes, zeros.size() / (Codec::kMaxOutputPerPush + Codec::kPieceSize));
}

TEST(CompressionCodec, CorruptDataIsADecompressionFailure) {
  Bytes compressed = compress(CompressionFormat::kGzip, sampleText(5000));
  compressed[compressed.size() / 2] ^= 0x55;
  compressed[compressed.size() / 2 + 1] ^= 0x55;
  EXPECT_EQ(decompress(CompressionFormat::kGzip, compressed), "error: Decompression failed.");
  EXPECT_EQ(decompress(CompressionFormat::kDeflate, "not deflate at all"),
            "error: Decompression failed.");
  // A gzip stream is not a zlib stream.
  EXPECT_EQ(decompress(CompressionFormat::kDeflate, compress(CompressionFormat::kGzip, "x")),
            "error: Decompression failed.");
}

TEST(CompressionCodec, TruncatedDataFailsAtClose) {
  for (CompressionFormat format : kStreamFormats) {
    Bytes compressed = compress(format, sampleText(5000));
    EXPECT_EQ(decompress(format, compressed.substr(0, compressed.size() - 3)),
              "error: Called close() on a decompression stream with incomplete data");
    EXPECT_EQ(decompress(format, ""),
              "error: Called close() on a decompression stream with incomplete data");
  }
}

TEST(CompressionCodec, BytesAfterTheEndAreAnError) {
  for (CompressionFormat format : kStreamFormats) {
    Bytes compressed = compress(format, "hello");
    // In the same chunk as the end, and in a later one.
    EXPECT_EQ(decompress(format, compressed + "!"),
              "error: Trailing bytes after end of compressed data");
    EXPECT_EQ(decompress(format, compressed + "!", compressed.size()),
              "error: Trailing bytes after end of compressed data");
  }
}

TEST(CompressionCodec, AFailedCodecStaysFailed) {
  auto codec = makeCodec(CompressionFormat::kGzip, CodecMode::kDecompress);
  auto ignore = [](std::span<const uint8_t>) {};
  Bytes junk = "definitely not gzip";
  EXPECT_EQ(codec->push(view(junk), false, ignore).error().message, "Decompression failed.");
  EXPECT_EQ(codec->push({}, true, ignore).error().message, "Decompression failed.");
}

TEST(CompressionCodec, ContentDecodingAcceptsConcatenatedGzipMembers) {
  // RFC 1952 §2.2: HTTP bodies may be several gzip members one after the other.
  Bytes two =
      compress(CompressionFormat::kGzip, "first ") + compress(CompressionFormat::kGzip, "second");
  EXPECT_EQ(decodeContent(CompressionFormat::kGzip, two), "first second");
  EXPECT_EQ(decodeContent(CompressionFormat::kGzip, two, 5), "first second");
  Bytes one = compress(CompressionFormat::kGzip, "x");
  EXPECT_EQ(decodeContent(CompressionFormat::kGzip, one.substr(0, one.size() - 1)),
            "error: Gzip compressed stream ended prematurely.");
  EXPECT_EQ(decodeContent(CompressionFormat::kGzip, "garbage!"),
            "error: Gzip decompression failed.");
}

TEST(CompressionCodec, BrotliRoundTripsForContentEncoding) {
  const Bytes text = sampleText(300'000);
  for (size_t chunk : {1, 1000, 1'000'000}) {
    Bytes compressed = compress(CompressionFormat::kBrotli, text, chunk);
    ASSERT_LT(compressed.size(), text.size() / 2);
    EXPECT_EQ(decodeContent(CompressionFormat::kBrotli, compressed, chunk == 1 ? 3 : chunk), text);
  }
  Bytes compressed = compress(CompressionFormat::kBrotli, text);
  EXPECT_EQ(decodeContent(CompressionFormat::kBrotli, compressed.substr(0, compressed.size() / 2)),
            "error: Brotli compressed stream ended prematurely.");
  EXPECT_EQ(decodeContent(CompressionFormat::kBrotli, "\xff\xff\xff\xff garbage"),
            "error: Brotli decompression failed.");
}

TEST(CompressionCodec, RefusesPairsWorkersDoesNotHave) {
  EXPECT_FALSE(Codec::create(CompressionFormat::kBrotli, CodecMode::kDecompress).ok());
  EXPECT_FALSE(Codec::create(CompressionFormat::kDeflate, CodecMode::kDecodeContent).ok());
  EXPECT_EQ(parseCompressionFormat("gzip"), CompressionFormat::kGzip);
  EXPECT_EQ(parseCompressionFormat("GZIP"), std::nullopt);
  EXPECT_EQ(parseCodecMode("decode-content"), CodecMode::kDecodeContent);
}

TEST(CompressionCodec, NoInputIsTakenAfterFinish) {
  auto codec = makeCodec(CompressionFormat::kGzip, CodecMode::kCompress);
  auto ignore = [](std::span<const uint8_t>) {};
  ASSERT_TRUE(codec->push({}, true, ignore).ok());
  Bytes more = "more";
  EXPECT_FALSE(codec->push(view(more), false, ignore).ok());
}

}  // namespace
}  // namespace edged::api
