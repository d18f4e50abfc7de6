#pragma once
// The native ops behind env.<BUCKET> (R2Bucket); their JS half is runtime-js/api/55_r2.js, which
// checks argument types with Workers' TypeErrors. R2's own errors (a missing upload, a failed
// checksum…) are thrown here as Error("<method>: <message> (<code>)"), as workerd does.
//
// An object's metadata crosses as { key, version, size, etag, uploaded (ms), httpMetadata,
// customMetadata, checksums (JSON texts; "" when a list left them out), storageClass,
// range?: [offset, length] }.

#include <v8-function-callback.h>

namespace edged::bindings::r2 {

// r2Head(bucket, key) → metadata | null
void opR2Head(const v8::FunctionCallbackInfo<v8::Value>& info);
// r2Get(bucket, key, onlyIf | null, range | null) → null | [metadata, body]: body null when
// onlyIf failed, a Uint8Array for a small body, else a reader id for r2BodyRead.
// onlyIf: { etagMatches?: [[kind 0 strong|1 weak|2 wildcard, value]…], etagDoesNotMatch?,
// uploadedBefore?: ms, uploadedAfter?: ms, secondsGranularity }; range: { offset?, length?,
// suffix? } or { header }.
void opR2Get(const v8::FunctionCallbackInfo<v8::Value>& info);
// r2BodyRead(reader) → Promise<Uint8Array | null at the end>; r2BodyClose(reader).
void opR2BodyRead(const v8::FunctionCallbackInfo<v8::Value>& info);
void opR2BodyClose(const v8::FunctionCallbackInfo<v8::Value>& info);
// r2BodyPipe(fetchId, reader, status, statusText, headers[flat], contentLength) → Promise: a
// fetch handler's response whose body is the reader's, piped natively (api/native_body.h).
void opR2BodyPipe(const v8::FunctionCallbackInfo<v8::Value>& info);
// r2PutBegin(bucket, key, { httpMetadata, customMetadata, storageClass, checksum?: [field, hex],
// onlyIf?, uploadId?, partNumber? }) → writer id (a part when uploadId is set).
void opR2PutBegin(const v8::FunctionCallbackInfo<v8::Value>& info);
// r2PutWrite(writer, Uint8Array) → true, false (the object got too large: call r2PutFinish for
// the error) or a promise to wait for while the disk catches up.
void opR2PutWrite(const v8::FunctionCallbackInfo<v8::Value>& info);
// r2PutFinish(writer) → Promise<metadata | null (onlyIf failed)>, for a part Promise<etag>.
void opR2PutFinish(const v8::FunctionCallbackInfo<v8::Value>& info);
void opR2PutAbort(const v8::FunctionCallbackInfo<v8::Value>& info);
// r2Delete(bucket, [keys])
void opR2Delete(const v8::FunctionCallbackInfo<v8::Value>& info);
// r2List(bucket, { prefix, delimiter, startAfter, cursor, limit, includeHttp, includeCustom })
// → { objects, truncated, cursor?, delimitedPrefixes }
void opR2List(const v8::FunctionCallbackInfo<v8::Value>& info);
// r2CreateUpload(bucket, key, httpMetadata, customMetadata, storageClass) → uploadId
void opR2CreateUpload(const v8::FunctionCallbackInfo<v8::Value>& info);
// r2CompleteUpload(bucket, key, uploadId, [[partNumber, etag]…]) → Promise<metadata>
void opR2CompleteUpload(const v8::FunctionCallbackInfo<v8::Value>& info);
// r2AbortUpload(bucket, key, uploadId)
void opR2AbortUpload(const v8::FunctionCallbackInfo<v8::Value>& info);

}  // namespace edged::bindings::r2
