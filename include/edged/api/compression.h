#pragma once
// The native half of CompressionStream / DecompressionStream and of HTTP Content-Encoding
// (runtime-js/api/25_compression.js): streaming zlib and brotli codecs, run synchronously per
// chunk (they are fast), each call producing a bounded amount of output.
//
// A codec is reached through an opaque handle object. It belongs to the realm and is freed by
// ops.compressionClose, when its handle is garbage-collected (a stream a Worker abandoned), or
// with the realm.

#include <v8-function-callback.h>

namespace edged::api {

// ops.compressionCreate(format, mode) → handle. format: "gzip" | "deflate" | "deflate-raw" |
// "br"; mode: "compress" | "decompress" (Compression Standard) | "decode-content" (HTTP bodies,
// gzip and br). Throws TypeError for an unknown format or mode, Error for a pair Workers does not
// have (brotli in "decompress") or when the library cannot start.
void opCompressionCreate(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.compressionPush(handle, bytes | undefined, finish) → Uint8Array[]: feeds `bytes` (copied)
// and returns the output produced, at most about 1 MiB per call; call again with undefined
// until it returns an empty array. Throws TypeError with Workers' message on corrupt or
// truncated data.
void opCompressionPush(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.compressionClose(handle): frees the codec now; later calls with the handle throw.
void opCompressionClose(const v8::FunctionCallbackInfo<v8::Value>& info);

}  // namespace edged::api
