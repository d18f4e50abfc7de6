#pragma once
// A streaming compressor or decompressor over zlib (gzip, deflate, deflate-raw) or brotli, with
// no V8 in sight: the native half of CompressionStream / DecompressionStream and of the HTTP
// Content-Encoding of bodies (src/api/compression.cc wraps it in ops).
//
// Output is produced in bounded pieces: one push() returns after at most kMaxOutputPerPush
// bytes (plus one piece), keeping the input it has not consumed yet for the next call. So a few
// kilobytes that inflate to gigabytes (a "zip bomb") are produced only as fast as a reader takes
// them, never all at once.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "edged/util/result.h"

namespace edged::api {

enum class CompressionFormat { kGzip, kDeflate, kDeflateRaw, kBrotli };

enum class CodecMode {
  // CompressionStream, and the Content-Encoding a Worker's response asks for.
  kCompress,
  // DecompressionStream (Compression Standard §5): one stream exactly; trailing bytes or a
  // truncated stream are errors (workerd's "strict_compression_checks").
  kDecompress,
  // HTTP Content-Encoding of a fetched body, as workerd decodes it (kj GzipAsyncInputStream,
  // BrotliAsyncInputStream): concatenated gzip members are accepted; other error messages.
  kDecodeContent,
};

// "gzip" | "deflate" | "deflate-raw" | "br"; nullopt for anything else.
std::optional<CompressionFormat> parseCompressionFormat(std::string_view name);
// "compress" | "decompress" | "decode-content"; nullopt for anything else.
std::optional<CodecMode> parseCodecMode(std::string_view name);

class Codec {
 public:
  // Output comes in pieces of at most this size.
  static constexpr size_t kPieceSize = 64 * 1024;
  // One push() stops producing once this much output is out.
  static constexpr size_t kMaxOutputPerPush = 1024 * 1024;

  using Emit = std::function<void(std::span<const uint8_t> piece)>;

  // Fails when the library cannot set up its state (out of memory), or for a pair Workers does
  // not have: brotli in kDecompress, anything but gzip and brotli in kDecodeContent.
  static Result<std::unique_ptr<Codec>> create(CompressionFormat format, CodecMode mode);
  virtual ~Codec() = default;

  // Adds `input` (copied) to what waits to be processed, then processes it, passing each output
  // piece to `emit`, until all input is consumed (and, with `finish`, the stream is complete) or
  // kMaxOutputPerPush bytes were produced; call again (with empty input) to continue. When a
  // call emits nothing, the work is done. Once `finish` was passed, no more input is taken.
  // Returns the error (a TypeError message for JS) when the input is not valid compressed data;
  // the codec then stays failed.
  Status push(std::span<const uint8_t> input, bool finish, const Emit& emit);

  // Roughly how much memory the library holds for this codec (reported to V8 so abandoned
  // codecs are collected soon enough).
  virtual size_t footprint() const = 0;

 protected:
  enum class Step { kContinue, kDone };
  // One call into the library: consume from `in`, write into `out`, advancing both. kDone when
  // nothing more can happen until more input arrives (or, finishing, when the stream ended).
  virtual Result<Step> step(std::span<const uint8_t>& in, std::span<uint8_t>& out, bool finish) = 0;

 private:
  std::vector<uint8_t> pending_;  // input not consumed yet, from `consumed_` on
  size_t consumed_ = 0;
  bool finishing_ = false;
  std::vector<uint8_t> piece_ = std::vector<uint8_t>(kPieceSize);
  std::optional<Error> failed_;
};

}  // namespace edged::api
