'use strict';
// WebCrypto, part 10: crypto.DigestStream, a Workers extension (workerd DigestStream): a
// WritableStream that hashes what is written to it; `digest` resolves with the hash once the
// stream closes, and rejects with the reason if it is aborted.
//
//   const stream = new crypto.DigestStream('SHA-256');
//   await body.pipeTo(stream);
//   const hash = await stream.digest;

const { ObjectDefineProperty, PromisePrototypeThen, createDeferred } = primordials;
const { webidl } = internals;
const C = internals.webCrypto;

const kNotBytes = 'DigestStream is a byte stream but received an object of ' +
  'non-ArrayBuffer/ArrayBufferView/string type on its writable side.';

class DigestStream extends internals.WritableStream {
  #state;

  constructor(algorithm) {
    if (algorithm === undefined || algorithm === null) {
      throw webidl.constructorArgumentTypeError('DigestStream', 0, 'string or HashAlgorithm');
    }
    const params = C.toAlgorithm(algorithm, 'HashAlgorithm', 'DigestStream', 0);
    const hash = C.lookupHash(params.name);
    const digest = createDeferred();
    // Nobody has to await `digest`: an aborted stream must not report an unhandled rejection.
    PromisePrototypeThen(digest.promise, undefined, () => {});
    const state = { handle: ops.cryptoDigestCreate(hash.name), digest, bytesWritten: 0 };
    super({
      write(chunk) {
        let bytes;
        if (typeof chunk === 'string') {
          bytes = ops.encodeUtf8(chunk);
        } else {
          bytes = webidl.bufferSourceBytes(chunk);
          if (bytes === undefined) throw C.typeError(kNotBytes);
        }
        if (bytes.length === 0) return;
        ops.cryptoDigestUpdate(state.handle, bytes);
        state.bytesWritten += bytes.length;
      },
      close() {
        state.digest.resolve(ops.cryptoDigestFinish(state.handle));
      },
      abort(reason) {
        state.digest.reject(reason);
      },
    });
    this.#state = state;
  }

  get digest() {
    internals.brandCheck(this, DigestStream);
    return this.#state.digest.promise;
  }

  get bytesWritten() {
    internals.brandCheck(this, DigestStream);
    return this.#state.bytesWritten;
  }

  static isDigestStream(value) {
    return typeof value === 'object' && value !== null && #state in value;
  }
}
internals.registerBrand(DigestStream, DigestStream.isDigestStream);
delete DigestStream.isDigestStream;

// crypto.DigestStream (workerd nests the class in Crypto; it is not a global).
ObjectDefineProperty(internals.Crypto.prototype, 'DigestStream', {
  value: DigestStream, writable: true, enumerable: false, configurable: true,
});
internals.DigestStream = DigestStream;
