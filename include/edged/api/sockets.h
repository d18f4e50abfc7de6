#pragma once
// The native half of `cloudflare:sockets` (runtime-js/api/29_sockets.js): outbound TCP
// connections, optionally TLS from the start or after a STARTTLS exchange, known to JS by an
// integer id. JS builds the Socket (its streams, `opened`, `closed`); this side connects, buffers
// what arrives (reading stops past a high-water mark: backpressure), writes and half-closes.
//
// Like fetch(), each connect() counts as a subrequest and holds one of the request's six
// connection slots (api/subrequests.h), from before connecting until the socket is closed.
// Names resolve through net's resolver (net/dns_resolver.h, honouring `--resolve`); TLS checks
// the peer's certificate against the system CAs (SSL_CERT_FILE honoured) and the host name.

#include <v8-function-callback.h>

#include <string>

#include "edged/runtime/realm.h"

namespace edged::api {

// Closes the sockets request `request_id` left open (its invocation is over, as on Workers): a
// fetch request (fetch_event.cc) or a scheduled, queue or Workflow event (worker_events.cc).
// Durable Object events do not call it: as in workerd, an object's I/O outlives its events.
void endSocketsOf(runtime::Realm& realm, const std::string& request_id);

// ops.socketConnect(hostname, port, tls) → id. Throws the subrequest limit's Error.
void opSocketConnect(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.socketOpened(id) → Promise<[remoteAddress, localAddress]>; rejects with an Error when the
// connection (or the TLS handshake) failed.
void opSocketOpened(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.socketRead(id) → Promise<Uint8Array | null>: bytes received, null at the end (or for a
// socket that is gone); rejects with an Error when the connection failed.
void opSocketRead(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.socketWrite(id, bytes) → Promise resolved once the bytes were handed to the kernel.
// Writes made before the connection opened are sent once it does.
void opSocketWrite(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.socketShutdown(id) → Promise: the write side is flushed and ended (FIN), reading goes on.
void opSocketShutdown(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.socketStartTls(id, hostname) → new id: the connection continues as TLS (handshake with
// `hostname`) under the new id, whose socketOpened resolves after the handshake. The old id is
// gone: its pending read resolves with null.
void opSocketStartTls(const v8::FunctionCallbackInfo<v8::Value>& info);
// ops.socketClose(id): closes at once (queued bytes are dropped), frees the connection slot.
void opSocketClose(const v8::FunctionCallbackInfo<v8::Value>& info);

}  // namespace edged::api
