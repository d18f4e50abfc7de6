#include "api/compression_codec.h"

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <zlib.h>

#include <algorithm>
#include <climits>
#include <string>

namespace edged::api {
namespace {

// What each mode calls a failure, in Workers' words: workerd api/streams/compression.c++ for
// the Compression Streams; kj's gzip/brotli streams as translated by workerd
// (api/system-streams.c++) for HTTP bodies.
struct Messages {
  const char* failed;
  const char* truncated;
  const char* trailing;
};
constexpr Messages kCompressMessages = {"Compression failed.", "", ""};
constexpr Messages kBrotliCompressMessages = {"Brotli compression failed.", "", ""};
constexpr Messages kDecompressMessages = {
    "Decompression failed.", "Called close() on a decompression stream with incomplete data",
    "Trailing bytes after end of compressed data"};
constexpr Messages kGzipContentMessages = {"Gzip decompression failed.",
                                           "Gzip compressed stream ended prematurely.", ""};
constexpr Messages kBrotliContentMessages = {"Brotli decompression failed.",
                                             "Brotli compressed stream ended prematurely.",
                                             "Brotli decompression failed."};

// zlib's windowBits: 15 (the largest window) plus 16 for a gzip wrapper, negative for raw
// deflate (zlib.h, deflateInit2).
int windowBits(CompressionFormat format) {
  switch (format) {
    case CompressionFormat::kGzip:
      return 15 + 16;
    case CompressionFormat::kDeflate:
      return 15;
    default:
      return -15;
  }
}

class ZlibCodec final : public Codec {
 public:
  ZlibCodec(CompressionFormat format, CodecMode mode) : mode_(mode), format_(format) {}
  ~ZlibCodec() override {
    if (!initialised_) return;
    if (mode_ == CodecMode::kCompress) {
      deflateEnd(&z_);
    } else {
      inflateEnd(&z_);
    }
  }
  ZlibCodec(const ZlibCodec&) = delete;
  ZlibCodec& operator=(const ZlibCodec&) = delete;

  bool init() {
    // Level 6 and memLevel 8: zlib's defaults, what workerd and kj use.
    int result = mode_ == CodecMode::kCompress
                     ? deflateInit2(&z_, Z_DEFAULT_COMPRESSION, Z_DEFLATED, windowBits(format_), 8,
                                    Z_DEFAULT_STRATEGY)
                     : inflateInit2(&z_, windowBits(format_));
    initialised_ = result == Z_OK;
    return initialised_;
  }

  // zlib.h "Memory Footprint": deflate 2^(windowBits+2) + 2^(memLevel+9), inflate 2^windowBits
  // plus about 7 KiB.
  size_t footprint() const override {
    return (mode_ == CodecMode::kCompress ? (1u << 17) + (1u << 17) : (1u << 15) + 7168) +
           kPieceSize;
  }

 protected:
  Result<Step> step(std::span<const uint8_t>& in, std::span<uint8_t>& out, bool finish) override {
    if (mode_ == CodecMode::kCompress) return deflateStep(in, out, finish);
    return inflateStep(in, out, finish);
  }

 private:
  const Messages& messages() const {
    if (mode_ == CodecMode::kCompress) return kCompressMessages;
    return mode_ == CodecMode::kDecompress ? kDecompressMessages : kGzipContentMessages;
  }

  // Runs deflate() or inflate() over the spans, then advances them past what it used.
  int call(std::span<const uint8_t>& in, std::span<uint8_t>& out, int flush) {
    z_.next_in = const_cast<Bytef*>(in.data());
    z_.avail_in = static_cast<uInt>(std::min<size_t>(in.size(), UINT_MAX));
    z_.next_out = out.data();
    z_.avail_out = static_cast<uInt>(std::min<size_t>(out.size(), UINT_MAX));
    size_t in_before = z_.avail_in;
    size_t out_before = z_.avail_out;
    int result = mode_ == CodecMode::kCompress ? deflate(&z_, flush) : inflate(&z_, flush);
    in = in.subspan(in_before - z_.avail_in);
    out = out.subspan(out_before - z_.avail_out);
    return result;
  }

  Result<Step> deflateStep(std::span<const uint8_t>& in, std::span<uint8_t>& out, bool finish) {
    if (ended_ || (in.empty() && !finish)) return Step::kDone;
    int result = call(in, out, finish ? Z_FINISH : Z_NO_FLUSH);
    if (result == Z_STREAM_END) {
      ended_ = true;
      return Step::kDone;
    }
    if (result == Z_BUF_ERROR) return Step::kDone;  // no progress possible
    if (result != Z_OK) return makeError(messages().failed);
    if (out.empty() || finish || !in.empty()) return Step::kContinue;
    return Step::kDone;
  }

  Result<Step> inflateStep(std::span<const uint8_t>& in, std::span<uint8_t>& out, bool finish) {
    if (ended_) {
      // Compression Standard §5 ("decompress and enqueue"): bytes past the end are an error.
      if (!in.empty()) return makeError(messages().trailing);
      return Step::kDone;
    }
    if (in.empty() && !finish) return Step::kDone;
    int result = call(in, out, Z_NO_FLUSH);
    switch (result) {
      case Z_STREAM_END:
        if (in.empty()) {
          ended_ = true;
          return Step::kDone;
        }
        // RFC 1952 §2.2: a gzip file is a series of members; HTTP bodies may hold several.
        if (mode_ == CodecMode::kDecodeContent) {
          inflateReset(&z_);
          return Step::kContinue;
        }
        return makeError(messages().trailing);
      case Z_OK:
        if (out.empty() || !in.empty() || finish) return Step::kContinue;
        return Step::kDone;
      case Z_BUF_ERROR:
        // Nothing left to inflate: at the end of the input, the stream is cut short.
        if (finish) return makeError(messages().truncated);
        return Step::kDone;
      default:  // Z_DATA_ERROR, Z_NEED_DICT (a preset dictionary), Z_MEM_ERROR
        return makeError(messages().failed);
    }
  }

  CodecMode mode_;
  CompressionFormat format_;
  z_stream z_{};
  bool initialised_ = false;
  bool ended_ = false;
};

// Brotli, for `Content-Encoding: br` only (the Compression Standard has no brotli format).
class BrotliCodec final : public Codec {
 public:
  explicit BrotliCodec(CodecMode mode) : mode_(mode) {}
  ~BrotliCodec() override {
    if (encoder_ != nullptr) BrotliEncoderDestroyInstance(encoder_);
    if (decoder_ != nullptr) BrotliDecoderDestroyInstance(decoder_);
  }
  BrotliCodec(const BrotliCodec&) = delete;
  BrotliCodec& operator=(const BrotliCodec&) = delete;

  bool init() {
    if (mode_ != CodecMode::kCompress) {
      decoder_ = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
      return decoder_ != nullptr;
    }
    encoder_ = BrotliEncoderCreateInstance(nullptr, nullptr, nullptr);
    if (encoder_ == nullptr) return false;
    // Responses are compressed while they stream: quality 5 with a 512 KiB window (what nginx's
    // brotli module uses for dynamic content) is about gzip's speed at a better ratio; brotli's
    // default, 11, is meant for compressing static files once.
    return BrotliEncoderSetParameter(encoder_, BROTLI_PARAM_QUALITY, kQuality) &&
           BrotliEncoderSetParameter(encoder_, BROTLI_PARAM_LGWIN, kWindowBits);
  }

  // Encoder: the ring buffer (2^lgwin) plus hash tables of about the same size; decoder: up to
  // a 16 MiB window, usually far less.
  size_t footprint() const override {
    return (mode_ == CodecMode::kCompress ? 3u << kWindowBits : 1u << 18) + kPieceSize;
  }

 protected:
  Result<Step> step(std::span<const uint8_t>& in, std::span<uint8_t>& out, bool finish) override {
    size_t avail_in = in.size();
    const uint8_t* next_in = in.data();
    size_t avail_out = out.size();
    uint8_t* next_out = out.data();
    auto advance = [&] {
      in = in.subspan(in.size() - avail_in);
      out = out.subspan(out.size() - avail_out);
    };
    if (mode_ == CodecMode::kCompress) {
      if (ended_) return Step::kDone;
      if (in.empty() && !finish && !BrotliEncoderHasMoreOutput(encoder_)) return Step::kDone;
      BROTLI_BOOL ok = BrotliEncoderCompressStream(
          encoder_, finish ? BROTLI_OPERATION_FINISH : BROTLI_OPERATION_PROCESS, &avail_in,
          &next_in, &avail_out, &next_out, nullptr);
      advance();
      if (!ok) return makeError(kBrotliCompressMessages.failed);
      if (BrotliEncoderIsFinished(encoder_)) {
        ended_ = true;
        return Step::kDone;
      }
      if (out.empty() || BrotliEncoderHasMoreOutput(encoder_) || finish || !in.empty()) {
        return Step::kContinue;
      }
      return Step::kDone;
    }
    if (ended_) {
      if (!in.empty()) return makeError(kBrotliContentMessages.trailing);
      return Step::kDone;
    }
    if (in.empty() && !finish && !BrotliDecoderHasMoreOutput(decoder_)) return Step::kDone;
    BrotliDecoderResult result = BrotliDecoderDecompressStream(decoder_, &avail_in, &next_in,
                                                               &avail_out, &next_out, nullptr);
    advance();
    switch (result) {
      case BROTLI_DECODER_RESULT_SUCCESS:
        ended_ = true;
        if (!in.empty()) return makeError(kBrotliContentMessages.trailing);
        return Step::kDone;
      case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT:
        return Step::kContinue;
      case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT:
        if (finish) return makeError(kBrotliContentMessages.truncated);
        return Step::kDone;
      default:
        return makeError(kBrotliContentMessages.failed);
    }
  }

 private:
  static constexpr int kQuality = 5;
  static constexpr int kWindowBits = 19;

  CodecMode mode_;
  BrotliEncoderState* encoder_ = nullptr;
  BrotliDecoderState* decoder_ = nullptr;
  bool ended_ = false;
};

}  // namespace

std::optional<CompressionFormat> parseCompressionFormat(std::string_view name) {
  if (name == "gzip") return CompressionFormat::kGzip;
  if (name == "deflate") return CompressionFormat::kDeflate;
  if (name == "deflate-raw") return CompressionFormat::kDeflateRaw;
  if (name == "br") return CompressionFormat::kBrotli;
  return std::nullopt;
}

std::optional<CodecMode> parseCodecMode(std::string_view name) {
  if (name == "compress") return CodecMode::kCompress;
  if (name == "decompress") return CodecMode::kDecompress;
  if (name == "decode-content") return CodecMode::kDecodeContent;
  return std::nullopt;
}

Result<std::unique_ptr<Codec>> Codec::create(CompressionFormat format, CodecMode mode) {
  // Workers decodes only gzip and br bodies; DecompressionStream has no brotli.
  bool brotli = format == CompressionFormat::kBrotli;
  if ((mode == CodecMode::kDecodeContent && !brotli && format != CompressionFormat::kGzip) ||
      (mode == CodecMode::kDecompress && brotli)) {
    return makeError("This compression format is not supported in this mode.");
  }
  if (brotli) {
    auto codec = std::make_unique<BrotliCodec>(mode);
    if (!codec->init()) return makeError("Failed to initialize compression context.");
    return std::unique_ptr<Codec>(std::move(codec));
  }
  auto codec = std::make_unique<ZlibCodec>(format, mode);
  if (!codec->init()) return makeError("Failed to initialize compression context.");
  return std::unique_ptr<Codec>(std::move(codec));
}

Status Codec::push(std::span<const uint8_t> input, bool finish, const Emit& emit) {
  if (failed_) return *failed_;
  if (!input.empty()) {
    if (finishing_) return makeError("Write after close");
    // Keep only what the codec has not consumed yet, then the new bytes after it.
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<ptrdiff_t>(consumed_));
    consumed_ = 0;
    pending_.insert(pending_.end(), input.begin(), input.end());
  }
  finishing_ = finishing_ || finish;
  size_t produced = 0;
  std::span<uint8_t> out(piece_);
  for (;;) {
    std::span<const uint8_t> in(pending_.data() + consumed_, pending_.size() - consumed_);
    size_t before = in.size();
    Result<Step> result = step(in, out, finish);
    consumed_ += before - in.size();
    if (!result.ok()) {
      failed_ = result.error();
      pending_ = {};
      consumed_ = 0;
      return *failed_;
    }
    bool done = *result == Step::kDone;
    size_t filled = piece_.size() - out.size();
    if (filled > 0 && (out.empty() || done)) {
      emit(std::span<const uint8_t>(piece_.data(), filled));
      produced += filled;
      out = std::span<uint8_t>(piece_);
    }
    if (done || produced >= kMaxOutputPerPush) break;
  }
  if (consumed_ == pending_.size()) {
    // A large input's copy is not kept around once it is used up.
    if (pending_.capacity() > kPieceSize) pending_ = {};
    pending_.clear();
    consumed_ = 0;
  }
  return Ok{};
}

}  // namespace edged::api
