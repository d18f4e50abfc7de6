'use strict';
// node:crypto's Certificate: SPKAC (a signed public key and challenge, base64 text as HTML's
// <keygen> sent it) verified and read, through the static methods or an instance (Node's legacy
// form; Certificate may be called without `new`). Anything that is no SPKAC gives false or an
// empty Buffer, as in Node. The native side is src/api/crypto/node_spkac_ops.cc.

const { Buffer } = internals;
const { toBytes } = internals.nodeCrypto;

const kSpkacTypes = 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView';
const spkacBytes = (spkac, encoding) => toBytes(spkac, 'spkac', encoding, kSpkacTypes);

function verifySpkac(spkac, encoding) {
  return ops.cryptoNodeSpkac('verify', spkacBytes(spkac, encoding));
}

function exportChallenge(spkac, encoding) {
  const out = ops.cryptoNodeSpkac('challenge', spkacBytes(spkac, encoding));
  return out === undefined ? Buffer.alloc(0) : Buffer.from(out);
}

function exportPublicKey(spkac, encoding) {
  const out = ops.cryptoNodeSpkac('publicKey', spkacBytes(spkac, encoding));
  return out === undefined ? Buffer.alloc(0) : Buffer.from(out);
}

function Certificate() {
  if (!new.target) return new Certificate();
}
Object.assign(Certificate, { exportChallenge, exportPublicKey, verifySpkac });
Object.assign(Certificate.prototype, { verifySpkac, exportPublicKey, exportChallenge });

internals.nodeCrypto.spkac = { Certificate };
