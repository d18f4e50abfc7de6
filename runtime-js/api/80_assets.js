'use strict';
// Static assets (workers-types Fetcher): env.<assets.binding>. `fetch(request | url, init)`
// answers from the Worker's assets directory exactly as requests that never reach the Worker are
// answered (src/bindings/assets: html_handling redirects, not_found_handling, ETag and 304,
// Range, HEAD). An asset small enough to live in memory comes back as bytes; a larger one as a
// file body that streams from disk, natively when the Worker returns the Response unchanged.

const { SymbolToStringTag, TypeError } = primordials;
const { assetsFetch, assetsBodyRead, assetsBodyClose, assetsBodyPipe } = ops;

function fileBodyStream(id, length) {
  const stream = internals.readableStreamFromPull(() => assetsBodyRead(id), () => assetsBodyClose(id));
  internals.nativeBodyPipes.set(stream, {
    length,
    pipe: (fetchId, status, statusText, flat, contentLength) =>
      assetsBodyPipe(fetchId, id, status, statusText, flat, contentLength),
  });
  return stream;
}

class Fetcher {
  constructor(key) {
    if (key !== internals) throw new TypeError('Illegal constructor');
  }

  async fetch(input, init = undefined) {
    const request = new internals.Request(input, init);
    const [status, flatHeaders, body, length] = assetsFetch(
      request.method, request.url, internals.headersToPairs(request.headers));
    let state = null;
    if (typeof body === 'number') {
      state = new internals.BodyState(null, fileBodyStream(body, length), length);
    } else if (body !== null) {
      state = new internals.BodyState(body, null, body.length);
    }
    const response = new internals.Response(null, {
      status, headers: internals.headersFromPairs(flatHeaders),
    });
    internals.setBody(response, state);
    internals.setHeadersGuard(response.headers, 'immutable');
    return response;
  }

  get [SymbolToStringTag]() { return 'Fetcher'; }
}

internals.bindingFactories.assets = () => new Fetcher(internals);
