#include "api/node_zlib_stream.h"

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <zlib.h>

#include <algorithm>
#include <climits>

namespace edged::api {
namespace {

const char* zlibCodeName(int code) {
  switch (code) {
    case Z_NEED_DICT: return "Z_NEED_DICT";
    case Z_ERRNO: return "Z_ERRNO";
    case Z_STREAM_ERROR: return "Z_STREAM_ERROR";
    case Z_DATA_ERROR: return "Z_DATA_ERROR";
    case Z_MEM_ERROR: return "Z_MEM_ERROR";
    case Z_BUF_ERROR: return "Z_BUF_ERROR";
    case Z_VERSION_ERROR: return "Z_VERSION_ERROR";
    default: return "Z_UNKNOWN_ERROR";
  }
}

// Node's message: zlib's own text (strm.msg) when it gave one, else a fixed one per code.
ZlibError zlibError(const z_stream& z, int code, const char* fallback) {
  return ZlibError{z.msg != nullptr ? z.msg : fallback, zlibCodeName(code), code};
}

ZlibError unexpectedEnd() { return ZlibError{"unexpected end of file", "Z_BUF_ERROR", Z_BUF_ERROR}; }

// Node's code for a brotli decoding error: "ERR_" and brotli 1.1's name ("_ERROR_FORMAT_PADDING_2").
// Older brotli (Debian's 1.0.9) names only the last part ("PADDING_2"): the prefix follows
// from the number (decode.h: -1…-16 format, -21…-30 allocation, the rest plain errors).
std::string brotliErrorCode(BrotliDecoderErrorCode code) {
  std::string name = BrotliDecoderErrorString(code);
  if (!name.starts_with("_")) {
    int value = static_cast<int>(code);
    const char* prefix = value >= -16 ? "_ERROR_FORMAT_" : (value <= -21 && value >= -30) ? "_ERROR_ALLOC_" : "_ERROR_";
    name = prefix + name;
  }
  return "ERR_" + name;
}

class ZlibModeStream final : public ZlibStream {
 public:
  ZlibModeStream(ZlibMode mode, ZlibOptions options) : mode_(mode), options_(std::move(options)) {}
  ~ZlibModeStream() override { end(); }
  ZlibModeStream(const ZlibModeStream&) = delete;
  ZlibModeStream& operator=(const ZlibModeStream&) = delete;

  std::optional<ZlibError> init() {
    int bits = options_.window_bits;
    int result;
    if (deflating()) {
      if (mode_ == ZlibMode::kGzip) bits += 16;
      if (mode_ == ZlibMode::kDeflateRaw) bits = -bits;
      result = deflateInit2(&z_, options_.level, Z_DEFLATED, bits, options_.mem_level,
                            options_.strategy);
    } else {
      if (mode_ == ZlibMode::kGunzip) bits += 16;
      if (mode_ == ZlibMode::kUnzip) bits += 32;  // zlib detects gzip or zlib headers
      if (mode_ == ZlibMode::kInflateRaw) bits = -bits;
      // windowBits 0 asks inflate to take the window size from the zlib header.
      if (options_.window_bits == 0 && mode_ == ZlibMode::kInflate) bits = 0;
      result = inflateInit2(&z_, bits);
    }
    if (result != Z_OK) return zlibError(z_, result, "Init error");
    initialised_ = true;
    return applyDictionary();
  }

  void reset() override {
    if (!initialised_) return;
    ended_ = false;
    if (deflating()) deflateReset(&z_);
    else inflateReset(&z_);
    applyDictionary();
  }

  // zlib.h "Memory Footprint": deflate 2^(windowBits+2) + 2^(memLevel+9), inflate 2^windowBits
  // plus about 7 KiB.
  size_t footprint() const override {
    size_t window = size_t{1} << std::clamp(options_.window_bits, 8, 15);
    size_t library = deflating() ? window * 4 + (size_t{1} << (options_.mem_level + 9))
                                 : window + 7168;
    return library + kPieceSize;
  }

 protected:
  std::optional<ZlibError> step(std::span<const uint8_t>& in, std::span<uint8_t>& out, int flush,
                                Step& next) override {
    next = Step::kDone;
    if (deflating()) return deflateStep(in, out, flush, next);
    return inflateStep(in, out, flush, next);
  }

 private:
  bool deflating() const {
    return mode_ == ZlibMode::kDeflate || mode_ == ZlibMode::kGzip ||
           mode_ == ZlibMode::kDeflateRaw;
  }

  void end() {
    if (!initialised_) return;
    if (deflating()) deflateEnd(&z_);
    else inflateEnd(&z_);
    initialised_ = false;
  }

  // A preset dictionary: deflate and raw inflate take it at the start; zlib inflate asks for it
  // (Z_NEED_DICT) when the header names one.
  std::optional<ZlibError> applyDictionary() {
    if (options_.dictionary.empty()) return std::nullopt;
    const auto* bytes = options_.dictionary.data();
    auto size = static_cast<uInt>(options_.dictionary.size());
    int result = Z_OK;
    if (mode_ == ZlibMode::kDeflate || mode_ == ZlibMode::kDeflateRaw) {
      result = deflateSetDictionary(&z_, bytes, size);
    } else if (mode_ == ZlibMode::kInflateRaw) {
      result = inflateSetDictionary(&z_, bytes, size);
    }
    if (result != Z_OK) return zlibError(z_, result, "Failed to set dictionary");
    return std::nullopt;
  }

  int call(std::span<const uint8_t>& in, std::span<uint8_t>& out, int flush) {
    z_.next_in = const_cast<Bytef*>(in.data());
    z_.avail_in = static_cast<uInt>(std::min<size_t>(in.size(), UINT_MAX));
    z_.next_out = out.data();
    z_.avail_out = static_cast<uInt>(std::min<size_t>(out.size(), UINT_MAX));
    size_t in_before = z_.avail_in;
    size_t out_before = z_.avail_out;
    int result = deflating() ? deflate(&z_, flush) : inflate(&z_, flush);
    in = in.subspan(in_before - z_.avail_in);
    out = out.subspan(out_before - z_.avail_out);
    return result;
  }

  std::optional<ZlibError> deflateStep(std::span<const uint8_t>& in, std::span<uint8_t>& out,
                                       int flush, Step& next) {
    if (ended_) {
      in = {};
      return std::nullopt;
    }
    if (in.empty() && flush == Z_NO_FLUSH) return std::nullopt;
    int result = call(in, out, flush);
    if (result == Z_STREAM_END) {
      ended_ = true;
      return std::nullopt;
    }
    if (result == Z_BUF_ERROR) return std::nullopt;  // nothing more to do for this flush
    if (result != Z_OK) return zlibError(z_, result, "Compression failed");
    // With room left in `out`, deflate finished this flush (zlib.h, deflate()).
    if (out.empty() || !in.empty() || flush == Z_FINISH) next = Step::kContinue;
    return std::nullopt;
  }

  std::optional<ZlibError> inflateStep(std::span<const uint8_t>& in, std::span<uint8_t>& out,
                                       int flush, Step& next) {
    if (ended_) {
      // Node's gunzip reads concatenated gzip members; anything else after the end is ignored.
      if (mode_ == ZlibMode::kGunzip && !in.empty() && in[0] == 0x1f) {
        inflateReset(&z_);
        ended_ = false;
      } else {
        in = {};
        return std::nullopt;
      }
    }
    bool finishing = flush == Z_FINISH;
    if (in.empty() && !finishing && flush == Z_NO_FLUSH) return std::nullopt;
    int result = call(in, out, flush == Z_FINISH ? Z_NO_FLUSH : flush);
    if (result == Z_NEED_DICT) {
      if (options_.dictionary.empty()) return zlibError(z_, result, "Missing dictionary");
      if (inflateSetDictionary(&z_, options_.dictionary.data(),
                               static_cast<uInt>(options_.dictionary.size())) != Z_OK) {
        return ZlibError{"Bad dictionary", "Z_DATA_ERROR", Z_DATA_ERROR};
      }
      next = Step::kContinue;
      return std::nullopt;
    }
    switch (result) {
      case Z_STREAM_END:
        ended_ = true;
        if (!in.empty() || out.empty()) next = Step::kContinue;
        return std::nullopt;
      case Z_OK:
        if (out.empty() || !in.empty()) {
          next = Step::kContinue;
          return std::nullopt;
        }
        // Everything given was inflated and the stream has not ended.
        if (finishing) return unexpectedEnd();
        return std::nullopt;
      case Z_BUF_ERROR:
        if (finishing && in.empty() && !out.empty()) return unexpectedEnd();
        return std::nullopt;
      default:
        return zlibError(z_, result, "Decompression failed");
    }
  }

  ZlibMode mode_;
  ZlibOptions options_;
  z_stream z_{};
  bool initialised_ = false;
  bool ended_ = false;
};

// BROTLI_OPERATION_PROCESS / FLUSH / FINISH / EMIT_METADATA are Node's brotli flush values.
class BrotliModeStream final : public ZlibStream {
 public:
  BrotliModeStream(ZlibMode mode, ZlibOptions options)
      : mode_(mode), options_(std::move(options)) {}
  ~BrotliModeStream() override { end(); }
  BrotliModeStream(const BrotliModeStream&) = delete;
  BrotliModeStream& operator=(const BrotliModeStream&) = delete;

  std::optional<ZlibError> init() {
    if (mode_ == ZlibMode::kBrotliEncode) {
      encoder_ = BrotliEncoderCreateInstance(nullptr, nullptr, nullptr);
      if (encoder_ == nullptr) return initError();
      for (const auto& [key, value] : options_.brotli_params) {
        if (!BrotliEncoderSetParameter(encoder_, static_cast<BrotliEncoderParameter>(key), value)) {
          return initError();
        }
      }
    } else {
      decoder_ = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
      if (decoder_ == nullptr) return initError();
      for (const auto& [key, value] : options_.brotli_params) {
        if (!BrotliDecoderSetParameter(decoder_, static_cast<BrotliDecoderParameter>(key), value)) {
          return initError();
        }
      }
    }
    return std::nullopt;
  }

  void reset() override {
    end();
    ended_ = false;
    init();
  }

  // brotli's own estimate is not exposed: the window (4 MiB at the default lgwin 22) dominates.
  size_t footprint() const override { return (size_t{4} << 20) + kPieceSize; }

 protected:
  std::optional<ZlibError> step(std::span<const uint8_t>& in, std::span<uint8_t>& out, int flush,
                                Step& next) override {
    next = Step::kDone;
    if (encoder_ == nullptr && decoder_ == nullptr) return initError();
    size_t avail_in = in.size();
    const uint8_t* next_in = in.data();
    size_t avail_out = out.size();
    uint8_t* next_out = out.data();
    if (encoder_ != nullptr) {
      if (BrotliEncoderIsFinished(encoder_)) {
        in = {};
        return std::nullopt;
      }
      if (in.empty() && flush == BROTLI_OPERATION_PROCESS) return std::nullopt;
      bool ok = BrotliEncoderCompressStream(encoder_, static_cast<BrotliEncoderOperation>(flush),
                                            &avail_in, &next_in, &avail_out, &next_out, nullptr);
      in = in.subspan(in.size() - avail_in);
      out = out.subspan(out.size() - avail_out);
      if (!ok) return ZlibError{"Compression failed", "ERR_BROTLI_COMPRESSION_FAILED", -1};
      bool more = BrotliEncoderHasMoreOutput(encoder_) || !in.empty();
      bool finished = flush == BROTLI_OPERATION_FINISH && BrotliEncoderIsFinished(encoder_);
      if (out.empty() || (!finished && more) ||
          (flush == BROTLI_OPERATION_FINISH && !finished)) {
        next = Step::kContinue;
      }
      return std::nullopt;
    }
    if (ended_) {
      in = {};
      return std::nullopt;
    }
    BrotliDecoderResult result = BrotliDecoderDecompressStream(
        decoder_, &avail_in, &next_in, &avail_out, &next_out, nullptr);
    in = in.subspan(in.size() - avail_in);
    out = out.subspan(out.size() - avail_out);
    switch (result) {
      case BROTLI_DECODER_RESULT_SUCCESS:
        ended_ = true;
        return std::nullopt;
      case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT:
        next = Step::kContinue;
        return std::nullopt;
      case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT:
        if (flush == BROTLI_OPERATION_FINISH) return unexpectedEnd();
        return std::nullopt;
      default: {
        BrotliDecoderErrorCode code = BrotliDecoderGetErrorCode(decoder_);
        return ZlibError{"Decompression failed", brotliErrorCode(code), static_cast<int>(code)};
      }
    }
  }

 private:
  static ZlibError initError() {
    return ZlibError{"Initialization failed", "ERR_ZLIB_INITIALIZATION_FAILED", -1};
  }

  void end() {
    if (encoder_ != nullptr) BrotliEncoderDestroyInstance(encoder_);
    if (decoder_ != nullptr) BrotliDecoderDestroyInstance(decoder_);
    encoder_ = nullptr;
    decoder_ = nullptr;
  }

  ZlibMode mode_;
  ZlibOptions options_;
  BrotliEncoderState* encoder_ = nullptr;
  BrotliDecoderState* decoder_ = nullptr;
  bool ended_ = false;
};

}  // namespace

std::unique_ptr<ZlibStream> ZlibStream::create(ZlibMode mode, const ZlibOptions& options,
                                               ZlibError& error) {
  if (mode == ZlibMode::kZstdCompress || mode == ZlibMode::kZstdDecompress) {
    return createZstdStream(mode, options, error);
  }
  if (mode == ZlibMode::kBrotliEncode || mode == ZlibMode::kBrotliDecode) {
    auto stream = std::make_unique<BrotliModeStream>(mode, options);
    if (auto failure = stream->init()) {
      error = *failure;
      return nullptr;
    }
    return stream;
  }
  auto stream = std::make_unique<ZlibModeStream>(mode, options);
  if (auto failure = stream->init()) {
    error = *failure;
    return nullptr;
  }
  return stream;
}

std::optional<ZlibError> ZlibStream::write(std::span<const uint8_t> input, int flush,
                                           const Emit& emit) {
  if (failed_) return failed_;
  if (!input.empty()) {
    // Keep only what was not consumed yet, then the new bytes after it.
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<ptrdiff_t>(consumed_));
    consumed_ = 0;
    pending_.insert(pending_.end(), input.begin(), input.end());
  }
  size_t produced = 0;
  std::span<uint8_t> out(piece_);
  for (;;) {
    std::span<const uint8_t> in(pending_.data() + consumed_, pending_.size() - consumed_);
    size_t before = in.size();
    Step next = Step::kDone;
    std::optional<ZlibError> error = step(in, out, flush, next);
    consumed_ += before - in.size();
    if (error) {
      failed_ = error;
      pending_ = {};
      consumed_ = 0;
      return error;
    }
    bool done = next == Step::kDone;
    size_t filled = piece_.size() - out.size();
    if (filled > 0 && (out.empty() || done)) {
      emit(std::span<const uint8_t>(piece_.data(), filled));
      produced += filled;
      out = std::span<uint8_t>(piece_);
    }
    if (done || produced >= kMaxOutputPerWrite) break;
  }
  if (consumed_ == pending_.size()) {
    if (pending_.capacity() > kPieceSize) pending_ = {};
    pending_.clear();
    consumed_ = 0;
  }
  return std::nullopt;
}

uint32_t zlibCrc32(std::span<const uint8_t> data, uint32_t value) {
  uLong crc = value;
  while (!data.empty()) {
    auto chunk = static_cast<uInt>(std::min<size_t>(data.size(), UINT_MAX));
    crc = crc32(crc, data.data(), chunk);
    data = data.subspan(chunk);
  }
  return static_cast<uint32_t>(crc);
}

}  // namespace edged::api
