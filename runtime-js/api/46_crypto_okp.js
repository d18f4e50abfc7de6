'use strict';
// WebCrypto, part 7: Ed25519 (Secure Curves in WebCrypto; RFC 8032), its legacy Workers
// name NODE-ED25519 (whose algorithm also carries namedCurve "NODE-ED25519"), and X25519
// (RFC 7748), with workerd's messages (src/workerd/api/crypto/ec.c++, EdDsaKey).

const { Uint8Array } = primordials;
const C = internals.webCrypto;
const { U } = C;

const kKeyBytes = 32;
const kSignatureBytes = 64;

// The curve name workerd's messages use: "X25519", else "Ed25519" (NODE-ED25519 included).
const curveOf = (name) => (name === 'X25519' ? 'X25519' : 'Ed25519');
const allowedUsages = (name) => (name === 'X25519' ? C.derivationMask : U.sign | U.verify);
const keyAlgorithm = (name) => (name === 'NODE-ED25519'
  ? { name, namedCurve: 'NODE-ED25519' } : { name });

const checkLegacyCurve = (name, algorithm) => {
  if (name !== 'NODE-ED25519') return;
  const { namedCurve } = algorithm;
  if (namedCurve === undefined) throw C.typeError('Missing field "namedCurve" in "algorithm".');
  if (namedCurve !== 'NODE-ED25519') {
    throw C.notSupported(`EDDSA curve "${namedCurve}" isn't supported.`);
  }
};

function generateOkp(name, algorithm, extractable, usages) {
  const bits = C.validateUsages(name, 'generate', usages, allowedUsages(name));
  checkLegacyCurve(name, algorithm);
  const handles = ops.cryptoKeyGenerate(curveOf(name));
  return C.makeKeyPair(handles, keyAlgorithm(name), this, {}, extractable, bits);
}

// workerd ellipticJwkReader for OKP keys (RFC 8037 §2).
const readOkpJwk = (name, jwk) => {
  const curve = curveOf(name);
  if (jwk.kty !== 'OKP') {
    throw C.dataError(`${curve} "jwk" key imports requires a JSON Web Key with Key Type ` +
      `parameter "kty" ("${jwk.kty}") equal to "OKP".`);
  }
  if (jwk.crv === undefined) throw C.dataError(`Missing field "crv" for ${curve} key.`);
  if (jwk.crv !== curve) {
    throw C.notSupported(`Only ${curve} is supported but "${jwk.crv}" was requested.`);
  }
  if (curve === 'Ed25519' && jwk.alg !== undefined && jwk.alg !== 'EdDSA') {
    throw C.dataError(`JSON Web Key Algorithm parameter "alg" ("${jwk.alg}") does not match ` +
      'requested Ed25519 curve.');
  }
  const x = C.fromBase64url(jwk.x);
  if (x === undefined) {
    throw C.dataError(`Invalid ${jwk.crv} key in JSON WebKey; missing or invalid public key ` +
      'component ("x").');
  }
  if (x.length !== kKeyBytes) throw C.dataError(`Invalid length ${x.length} for public key`);
  if (jwk.d === undefined) return ops.cryptoOkpImportRaw(curve, x, false);
  const d = C.fromBase64url(jwk.d);
  if (d === undefined) {
    throw C.dataError(`Invalid ${curve} key in JSON Web Key; missing or invalid private key ` +
      'component ("d").');
  }
  if (d.length !== kKeyBytes) throw C.dataError(`Invalid length ${d.length} for private key`);
  const handle = ops.cryptoOkpImportRaw(curve, d, true);
  C.wipe(d);
  // RFC 8037 §2: "x" is the public key of "d". workerd ignores it; a mismatched pair is refused
  // here, as the Secure Curves draft asks, so that exporting gives back what was imported.
  if (C.base64url(new Uint8Array(ops.cryptoOkpExportRaw(handle, false))) !== C.base64url(x)) {
    throw C.dataError(`Invalid ${curve} key in JSON Web Key; the public key component ("x") ` +
      'does not match the private key component ("d").');
  }
  return handle;
};

function importOkp(name, format, keyData, algorithm, extractable, usages) {
  checkLegacyCurve(name, algorithm);
  const curve = curveOf(name);
  let imported;
  if (format === 'raw') {
    const bits = C.validateUsages(name, 'importPublic', usages,
      name === 'X25519' ? 0 : U.verify);
    if (keyData.length !== kKeyBytes) {
      throw C.dataError(`${curve} raw keys must be exactly 32-bytes (provided ` +
        `${keyData.length}).`);
    }
    imported = {
      handle: ops.cryptoOkpImportRaw(curve, keyData, false), type: 'public', usages: bits,
    };
  } else {
    imported = C.importAsymmetric(format, keyData, name, extractable, usages,
      (jwk) => readOkpJwk(name, jwk), allowedUsages(name));
  }
  // workerd does not check what an SPKI or PKCS #8 holds; a key of another type would only
  // fail later, so this says so now.
  if (ops.cryptoKeyInfo(imported.handle).kind !== (curve === 'X25519' ? 'x25519' : 'ed25519')) {
    throw C.dataError(`Input was not an ${curve} key`);
  }
  return C.makeKey({
    type: imported.type, extractable, algorithm: keyAlgorithm(name), usages: imported.usages,
    handle: imported.handle, record: this, params: {},
  });
}

function exportOkp(key, format) {
  const name = C.keyAlgorithmName(key);
  return C.exportAsymmetric(key, format, (k) => {
    const handle = C.keyHandle(k);
    const jwk = { kty: 'OKP', crv: curveOf(name) };
    jwk.x = C.base64url(new Uint8Array(ops.cryptoOkpExportRaw(handle, false)));
    if (name === 'Ed25519') jwk.alg = 'EdDSA';
    if (C.keyType(k) === 'private') {
      const d = new Uint8Array(ops.cryptoOkpExportRaw(handle, true));
      jwk.d = C.base64url(d);
      C.wipe(d);
    }
    return jwk;
  }, (k) => {
    if (C.keyType(k) !== 'public') {
      throw C.invalidAccess(`Raw export of ${name} keys is only allowed for public keys.`);
    }
    return ops.cryptoOkpExportRaw(C.keyHandle(k), false);
  });
}

const ed25519 = {
  shape: 'KeyAlgorithm',
  generateKey: generateOkp,
  importKey: importOkp,
  exportKey: exportOkp,
  sign(key, algorithm, data) {
    C.requirePrivateToSign(key);
    return ops.cryptoEd25519Sign(C.keyHandle(key), data);
  },
  verify(key, algorithm, signature, data) {
    C.requirePublicToVerify(key);
    if (signature.length !== kSignatureBytes) {
      throw C.operationError(`Invalid ${C.keyAlgorithmName(key)} signature length ` +
        `${signature.length}`);
    }
    return ops.cryptoEd25519Verify(C.keyHandle(key), signature, data);
  },
};
C.registerAlgorithm('Ed25519', ed25519);
C.registerAlgorithm('NODE-ED25519', { ...ed25519, shape: 'Elliptic' });

C.registerAlgorithm('X25519', {
  shape: 'KeyAlgorithm',
  generateKey: generateOkp,
  importKey: importOkp,
  exportKey: exportOkp,
  // RFC 7748 §6.1; an all-zero secret (a small-order peer) is an error (Secure Curves, X25519
  // "derive bits").
  deriveBits(key, algorithm, length) {
    const peer = C.checkDerivationPeer(key, algorithm);
    const bits = length ?? kKeyBytes * 8;
    if (bits > kKeyBytes * 8) {
      throw C.operationError(`Derived key length (${bits} bits) is too long (should be at most ` +
        `${kKeyBytes * 8} bits).`);
    }
    const secret = ops.cryptoX25519Derive(C.keyHandle(key), C.keyHandle(peer));
    if (secret === undefined) {
      throw C.operationError('Detected small order secure curve points, aborting EDDH ' +
        'derivation');
    }
    const out = C.truncateBits(secret, bits);
    C.wipe(new Uint8Array(secret));
    return out;
  },
});
