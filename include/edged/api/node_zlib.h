#pragma once
// The native half of node:zlib (runtime-js/api/78_node_zlib.js): Node's zlib, brotli and zstd
// streams (src/api/node_zlib_stream.h), run synchronously per chunk, each call producing a
// bounded amount of output. A stream is reached through an opaque handle object that belongs to
// the realm; it is freed by ops.zlibClose, when the handle is garbage-collected, or with the
// realm.

#include <v8-function-callback.h>

namespace edged::api {

// ops.zlibCreate(mode, level, windowBits, memLevel, strategy, dictionary | undefined,
// params | undefined, pledgedSrcSize | undefined) → handle. mode is Node's
// (zlib.constants.DEFLATE = 1 … BROTLI_ENCODE = 9, ZSTD_COMPRESS = 10, ZSTD_DECOMPRESS = 11);
// params the brotli or zstd parameters as a flat array [key, value, key, value, …];
// pledgedSrcSize zstd compression's promised input size. The JS side has validated the ranges;
// throws an Error with Node's code when the library refuses.
void opZlibCreate(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.zlibWrite(handle, bytes | undefined, flush) → Uint8Array[]: feeds `bytes` (copied) and
// returns the output produced, at most about 1 MiB per call; call again with undefined until
// it returns an empty array. On corrupt data throws an Error with Node's message, `code`
// ("Z_DATA_ERROR") and `errno`.
void opZlibWrite(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.zlibReset(handle): back to the freshly created state.
void opZlibReset(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.zlibClose(handle): frees the stream now; later writes throw.
void opZlibClose(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.zlibCrc32(bytes, value) → number: CRC-32 of `bytes` continued from `value`.
void opZlibCrc32(const v8::FunctionCallbackInfo<v8::Value>& info);

}  // namespace edged::api
