#pragma once
// Native operations behind small Web APIs: console output, text codecs, randomness, clocks and
// structuredClone. Each is listed once in src/ops/native_ops.cc; runtime-js calls them.

#include <v8-function-callback.h>

namespace edged::api {

// ops.log(level, text): a console line into the server log, tagged with worker and request.
void opLog(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.promiseState(promise) → [0 pending | 1 fulfilled | 2 rejected, result] (console.log).
void opPromiseState(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.transferArrayBuffer(buffer) → a new ArrayBuffer owning the memory; `buffer` is detached
// (Streams' TransferArrayBuffer; V8 10.2 has no ArrayBuffer.prototype.transfer).
void opTransferArrayBuffer(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.isArrayBuffer(value) → whether it is an ArrayBuffer (not a SharedArrayBuffer). The pure-JS
// brand check calls the byteLength getter and catches its TypeError, which costs a stack trace:
// request bodies ask this of every string.
void opIsArrayBuffer(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.encodeUtf8(string) → Uint8Array (lone surrogates become U+FFFD).
void opEncodeUtf8(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.encodeUtf8Into(string, Uint8Array) → [read UTF-16 units, written bytes].
void opEncodeUtf8Into(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.decodeUtf8(bufferSource, fatal) → string; fatal: TypeError on malformed input.
void opDecodeUtf8(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.decodeLatin1(bufferSource) → string (windows-1252 per the Encoding Standard).
void opDecodeLatin1(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.randomFill(arrayBufferView): fills it from OpenSSL's CSPRNG.
void opRandomFill(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.randomUUID() → RFC 9562 version 4 UUID string.
void opRandomUUID(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.monotonicNow() → milliseconds (double) on a monotonic clock.
void opMonotonicNow(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.structuredClone(value, transferList) → the clone; throws Error(message) when the value
// cannot be cloned (the JS half turns it into a DataCloneError DOMException).
void opStructuredClone(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.domainToASCII(domain, beStrict) → string or null; ops.domainToUnicode(domain) → string.
void opDomainToAscii(const v8::FunctionCallbackInfo<v8::Value>& info);
void opDomainToUnicode(const v8::FunctionCallbackInfo<v8::Value>& info);

}  // namespace edged::api
