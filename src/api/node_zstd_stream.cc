// node:zlib's zstd streams (ZstdCompress, ZstdDecompress) on libzstd's streaming API, with
// Node's parameters (ZSTD_c_* / ZSTD_d_*), pledgedSrcSize and dictionary, and workerd's error
// texts ("Zstd decompression failed: Unknown frame descriptor", code
// ERR_ZSTD_DECOMPRESSION_FAILED).
#include <zstd.h>

#include <string>

#include "api/node_zlib_stream.h"

namespace edged::api {
namespace {

// Node's flush values for zstd (zlib.constants.ZSTD_e_*) are libzstd's ZSTD_EndDirective.
static_assert(ZSTD_e_continue == 0 && ZSTD_e_flush == 1 && ZSTD_e_end == 2);

// ZSTD_c_nbWorkers: more than 0 makes libzstd compress on threads of its own, outside the
// Worker's thread and its CPU accounting, so the value is accepted and not applied.
constexpr int kNbWorkersParam = 400;

ZlibError initError() {
  return ZlibError{"Initialization failed", "ERR_ZLIB_INITIALIZATION_FAILED", -1};
}

ZlibError libraryError(const char* what, size_t result, const char* code) {
  return ZlibError{std::string(what) + ": " + ZSTD_getErrorName(result), code, -1};
}

class ZstdCompressStream final : public ZlibStream {
 public:
  explicit ZstdCompressStream(ZlibOptions options) : options_(std::move(options)) {}
  ~ZstdCompressStream() override { ZSTD_freeCCtx(cctx_); }
  ZstdCompressStream(const ZstdCompressStream&) = delete;
  ZstdCompressStream& operator=(const ZstdCompressStream&) = delete;

  std::optional<ZlibError> init() {
    cctx_ = ZSTD_createCCtx();
    if (cctx_ == nullptr) return initError();
    for (const auto& [key, value] : options_.zstd_params) {
      if (key == kNbWorkersParam) continue;
      if (ZSTD_isError(ZSTD_CCtx_setParameter(cctx_, static_cast<ZSTD_cParameter>(key), value))) {
        return initError();
      }
    }
    if (!options_.dictionary.empty() &&
        ZSTD_isError(ZSTD_CCtx_loadDictionary(cctx_, options_.dictionary.data(),
                                              options_.dictionary.size()))) {
      return ZlibError{"Failed to load zstd dictionary", "ERR_ZLIB_DICTIONARY_LOAD_FAILED", -1};
    }
    return pledge();
  }

  // A session reset keeps the parameters and the dictionary; the pledged size is forgotten, so
  // it is promised again for the next frame.
  void reset() override {
    ZSTD_CCtx_reset(cctx_, ZSTD_reset_session_only);
    frame_done_ = false;
    pledge();
  }

  // The compressor's tables and window are allocated on first use; at the default level 3 they
  // come to about 3 MiB.
  size_t footprint() const override { return (size_t{3} << 20) + kPieceSize; }

 protected:
  std::optional<ZlibError> step(std::span<const uint8_t>& in, std::span<uint8_t>& out, int flush,
                                Step& next) override {
    next = Step::kDone;
    if (in.empty() && (flush == ZSTD_e_continue || frame_done_)) return std::nullopt;
    // New input after a finished frame starts the next frame.
    frame_done_ = false;
    ZSTD_inBuffer input{in.data(), in.size(), 0};
    ZSTD_outBuffer output{out.data(), out.size(), 0};
    size_t remaining = ZSTD_compressStream2(cctx_, &output, &input,
                                            static_cast<ZSTD_EndDirective>(flush));
    in = in.subspan(input.pos);
    out = out.subspan(output.pos);
    if (ZSTD_isError(remaining)) {
      return libraryError("Zstd compression failed", remaining, "ERR_ZSTD_COMPRESSION_FAILED");
    }
    // ZSTD_e_flush and ZSTD_e_end are complete when nothing remains to write out; a finished
    // ZSTD_e_end closed the frame, and only new input opens another.
    bool flushed = flush == ZSTD_e_continue || remaining == 0;
    if (flush == ZSTD_e_end && remaining == 0 && in.empty()) frame_done_ = true;
    if (out.empty() || !in.empty() || !flushed) next = Step::kContinue;
    return std::nullopt;
  }

 private:
  std::optional<ZlibError> pledge() {
    if (options_.pledged_src_size &&
        ZSTD_isError(ZSTD_CCtx_setPledgedSrcSize(cctx_, *options_.pledged_src_size))) {
      return initError();
    }
    return std::nullopt;
  }

  ZlibOptions options_;
  ZSTD_CCtx* cctx_ = nullptr;
  bool frame_done_ = false;
};

// Like Node, one frame is decompressed: whatever follows its end is ignored. ZSTD_e_end is the
// finishing flush, where input that stops inside the frame is an error.
class ZstdDecompressStream final : public ZlibStream {
 public:
  explicit ZstdDecompressStream(ZlibOptions options) : options_(std::move(options)) {}
  ~ZstdDecompressStream() override { ZSTD_freeDCtx(dctx_); }
  ZstdDecompressStream(const ZstdDecompressStream&) = delete;
  ZstdDecompressStream& operator=(const ZstdDecompressStream&) = delete;

  std::optional<ZlibError> init() {
    dctx_ = ZSTD_createDCtx();
    if (dctx_ == nullptr) return initError();
    for (const auto& [key, value] : options_.zstd_params) {
      if (ZSTD_isError(ZSTD_DCtx_setParameter(dctx_, static_cast<ZSTD_dParameter>(key), value))) {
        return initError();
      }
    }
    if (!options_.dictionary.empty() &&
        ZSTD_isError(ZSTD_DCtx_loadDictionary(dctx_, options_.dictionary.data(),
                                              options_.dictionary.size()))) {
      return ZlibError{"Failed to load zstd dictionary", "ERR_ZLIB_DICTIONARY_LOAD_FAILED", -1};
    }
    return std::nullopt;
  }

  void reset() override {
    ZSTD_DCtx_reset(dctx_, ZSTD_reset_session_only);
    started_ = false;
    ended_ = false;
    output_pending_ = false;
  }

  // The window a frame asks for is allocated when the frame starts (up to 2^ZSTD_d_windowLogMax,
  // 128 MiB by default); typical frames need a few MiB.
  size_t footprint() const override { return (size_t{2} << 20) + kPieceSize; }

 protected:
  std::optional<ZlibError> step(std::span<const uint8_t>& in, std::span<uint8_t>& out, int flush,
                                Step& next) override {
    next = Step::kDone;
    if (ended_) {
      in = {};
      return std::nullopt;
    }
    // libzstd counts calls that make no progress and fails after a few, so it is only called
    // with input or with output it still holds.
    if (!in.empty() || output_pending_) {
      started_ = true;
      ZSTD_inBuffer input{in.data(), in.size(), 0};
      ZSTD_outBuffer output{out.data(), out.size(), 0};
      size_t result = ZSTD_decompressStream(dctx_, &output, &input);
      in = in.subspan(input.pos);
      out = out.subspan(output.pos);
      if (ZSTD_isError(result)) {
        return libraryError("Zstd decompression failed", result, "ERR_ZSTD_DECOMPRESSION_FAILED");
      }
      if (result == 0) {  // the frame is complete and all of it was written out
        ended_ = true;
        in = {};
        return std::nullopt;
      }
      output_pending_ = out.empty();
      if (output_pending_ || !in.empty()) {
        next = Step::kContinue;
        return std::nullopt;
      }
    }
    if (flush == ZSTD_e_end && started_) {
      return ZlibError{"unexpected end of file", "ERR_ZSTD_DECOMPRESSION_FAILED", -1};
    }
    return std::nullopt;
  }

 private:
  ZlibOptions options_;
  ZSTD_DCtx* dctx_ = nullptr;
  bool started_ = false;
  bool ended_ = false;
  bool output_pending_ = false;
};

template <typename Stream>
std::unique_ptr<ZlibStream> created(std::unique_ptr<Stream> stream, ZlibError& error) {
  if (std::optional<ZlibError> failure = stream->init()) {
    error = *failure;
    return nullptr;
  }
  return stream;
}

}  // namespace

std::unique_ptr<ZlibStream> createZstdStream(ZlibMode mode, const ZlibOptions& options,
                                             ZlibError& error) {
  if (mode == ZlibMode::kZstdCompress) {
    return created(std::make_unique<ZstdCompressStream>(options), error);
  }
  return created(std::make_unique<ZstdDecompressStream>(options), error);
}

}  // namespace edged::api
