#pragma once
// The native half of node:zlib (runtime-js/api/78_node_zlib.js), without V8: one zlib, brotli or
// zstd stream in one of Node's modes, with Node's options (level, windowBits, memLevel, strategy,
// dictionary; brotli and zstd parameters, zstd's pledgedSrcSize) and flush values, reporting
// errors as Node does (message, code such as "Z_DATA_ERROR", errno).
//
// Output comes in bounded pieces: one write() stops after kMaxOutputPerWrite bytes and keeps the
// input it has not consumed for the next call, so a small input that inflates to gigabytes is
// produced only as fast as the caller takes it.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace edged::api {

// Node's zlib mode numbers (zlib.constants.DEFLATE …).
enum class ZlibMode {
  kDeflate = 1,
  kInflate = 2,
  kGzip = 3,
  kGunzip = 4,
  kDeflateRaw = 5,
  kInflateRaw = 6,
  kUnzip = 7,
  kBrotliDecode = 8,
  kBrotliEncode = 9,
  kZstdCompress = 10,
  kZstdDecompress = 11,
};

struct ZlibOptions {
  int level = -1;  // Z_DEFAULT_COMPRESSION
  int window_bits = 15;
  int mem_level = 8;
  int strategy = 0;  // Z_DEFAULT_STRATEGY
  std::vector<uint8_t> dictionary;
  // Brotli: BROTLI_PARAM_* → value (zlib.constants), for the encoder or the decoder.
  std::map<int, uint32_t> brotli_params;
  // Zstd: ZSTD_c_* or ZSTD_d_* → value (zlib.constants); values may be negative (fast levels).
  std::map<int, int> zstd_params;
  // Zstd compression: the total input size promised up front (written into the frame header;
  // compressing a different amount fails).
  std::optional<uint64_t> pledged_src_size;
};

// A failure as Node reports it: `message` ("incorrect header check"), `code` ("Z_DATA_ERROR"),
// `errno` (-3).
struct ZlibError {
  std::string message;
  std::string code;
  int errno_value = 0;
};

class ZlibStream {
 public:
  static constexpr size_t kPieceSize = 64 * 1024;
  static constexpr size_t kMaxOutputPerWrite = 1024 * 1024;
  using Emit = std::function<void(std::span<const uint8_t> piece)>;

  // Null with `error` set when the options are out of the library's range or it cannot start.
  static std::unique_ptr<ZlibStream> create(ZlibMode mode, const ZlibOptions& options,
                                            ZlibError& error);
  virtual ~ZlibStream() = default;

  // Adds `input` (copied) to what waits, then processes it with `flush` (Z_NO_FLUSH …
  // Z_FINISH, BROTLI_OPERATION_* or ZSTD_e_*), passing output pieces to `emit`, until the input
  // is used up or kMaxOutputPerWrite bytes came out; call again with empty input to continue. A
  // call that emits nothing means the work for this flush is done. Returns the error, after
  // which the stream stays failed.
  std::optional<ZlibError> write(std::span<const uint8_t> input, int flush, const Emit& emit);

  // Back to the state right after create() (zlib's deflateReset/inflateReset).
  virtual void reset() = 0;
  // Roughly how much memory the library holds (reported to V8).
  virtual size_t footprint() const = 0;

 protected:
  enum class Step { kContinue, kDone };
  // One call into the library, consuming from `in` and writing into `out`, advancing both.
  virtual std::optional<ZlibError> step(std::span<const uint8_t>& in, std::span<uint8_t>& out,
                                        int flush, Step& next) = 0;

 private:
  std::vector<uint8_t> pending_;
  size_t consumed_ = 0;
  std::vector<uint8_t> piece_ = std::vector<uint8_t>(kPieceSize);
  std::optional<ZlibError> failed_;
};

// The zstd stream for kZstdCompress or kZstdDecompress (node_zstd_stream.cc); null with `error`
// set when libzstd refuses an option.
std::unique_ptr<ZlibStream> createZstdStream(ZlibMode mode, const ZlibOptions& options,
                                             ZlibError& error);

// zlib's crc32 continued from `value` (zlib.crc32 in Node 22).
uint32_t zlibCrc32(std::span<const uint8_t> data, uint32_t value);

}  // namespace edged::api
