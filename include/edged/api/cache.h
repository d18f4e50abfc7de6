#pragma once
// The native half of the Cache API (caches.default, caches.open(name); runtime-js
// api/27_cache.js). JS validates arguments and streams bodies; these ops decide what is stored
// (src/api/cache_policy.h), answer matches (cache_match.h) and keep entries in the persistent
// store shared by every thread (cache_store.h) under `<data_dir>/cache/`.
//
// `cache` arguments are null for caches.default or the name given to caches.open(). Header
// lists travel as flat arrays [name0, value0, name1, value1, …].

#include <v8-function-callback.h>

namespace edged::api {

// ops.cacheMatch(cache, url, requestHeaders) → undefined on a miss, else
// [status, statusText, headers, body, length] where body is a Uint8Array holding the whole
// (possibly ranged) body, null for a response without one, or a reader id (number) to stream
// a large body with cacheBodyRead.
void opCacheMatch(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.cacheBodyRead(reader) → the next Uint8Array chunk, or null at the end (the reader is
// then closed).
void opCacheBodyRead(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.cacheBodyClose(reader): the stream was canceled.
void opCacheBodyClose(const v8::FunctionCallbackInfo<v8::Value>& info);

// ops.cachePutBegin(cache, url, status, statusText, responseHeaders, requestHeaders) → a writer
// id, or 0 when Workers would not store this response (the body is then not needed).
void opCachePutBegin(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.cachePutWrite(writer, Uint8Array) → true; a Promise<true> when the body file's writes
// (on the thread pool) are more than 1 MiB behind: send the next chunk once it settles; false
// once the body exceeds the largest storable entry (the writer is then discarded and nothing is
// stored).
void opCachePutWrite(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.cachePutCommit(writer) → Promise<undefined>, settled once the entry is durable (a body
// file fsynced and renamed on the thread pool, then its index row committed).
void opCachePutCommit(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.cachePutAbort(writer): the body stream failed; nothing is stored.
void opCachePutAbort(const v8::FunctionCallbackInfo<v8::Value>& info);

// ops.cacheDelete(cache, url) → true when a fresh entry was deleted.
void opCacheDelete(const v8::FunctionCallbackInfo<v8::Value>& info);

// The cache fetch() subrequests pass through (runtime-js api/28_fetch_cache.js), a namespace of
// its own per Worker. Bodies are written and read with the ops above.
//
// ops.fetchCacheMatch(key, requestHeaders) → as cacheMatch, except null (rather than undefined)
// when the only entry the request would have matched had expired (Cloudflare's EXPIRED).
void opFetchCacheMatch(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.fetchCachePutBegin(key, status, statusText, responseHeaders, requestHeaders,
// cacheEverything, cacheTtl, ttlByStatus) → [writer, bypass]: the writer id (0: not stored) and
// whether the origin's headers are why it is not (src/api/fetch_cache_policy.h). `cacheTtl` is
// a number or null; `ttlByStatus` a flat array [from, to, ttl, …].
void opFetchCachePutBegin(const v8::FunctionCallbackInfo<v8::Value>& info);

}  // namespace edged::api
