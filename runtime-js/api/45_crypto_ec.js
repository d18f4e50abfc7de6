'use strict';
// WebCrypto, part 6: ECDSA and ECDH on P-256, P-384 and P-521, with
// workerd's messages (src/workerd/api/crypto/ec.c++).

const { SafeMap, Uint8Array } = primordials;
const C = internals.webCrypto;
const { U } = C;

const kCurves = new SafeMap([['P-256', 'P-256'], ['P-384', 'P-384'], ['P-521', 'P-521']]);
// RFC 7518 §3.4: the JWS "alg" that names each curve for ECDSA.
const kEcdsaJwkAlgs = new SafeMap([['ES256', 'P-256'], ['ES384', 'P-384'], ['ES512', 'P-521']]);

// The normalized curve of `algorithm.namedCurve` (compared case-insensitively).
const lookupCurve = (algorithm) => {
  const { namedCurve } = algorithm;
  if (namedCurve === undefined) throw C.typeError('Missing field "namedCurve" in "algorithm".');
  const curve = kCurves.get(C.asciiUpper(namedCurve));
  if (curve === undefined) {
    throw C.notSupported(`Unrecognized or unimplemented EC curve "${namedCurve}" requested.`);
  }
  return curve;
};

function generateEc(name, algorithm, extractable, usages) {
  const allowed = name === 'ECDSA' ? U.sign | U.verify : C.derivationMask;
  const bits = C.validateUsages(name, 'generate', usages, allowed);
  const namedCurve = lookupCurve(algorithm);
  const handles = ops.cryptoKeyGenerate(namedCurve);
  // The private key takes the private usages, the public one the rest: for ECDH, none.
  return C.makeKeyPair(handles, { name, namedCurve }, this, { namedCurve }, extractable, bits);
}

// workerd ellipticJwkReader for EC keys (RFC 7518 §6.2).
const readEcJwk = (name, namedCurve, jwk) => {
  if (jwk.kty !== 'EC') {
    throw C.dataError('Elliptic curve "jwk" key import requires a JSON Web Key with Key Type ' +
      `parameter "kty" ("${jwk.kty}") equal to "EC".`);
  }
  if (name === 'ECDSA' && jwk.alg !== undefined) {
    const algCurve = kEcdsaJwkAlgs.get(jwk.alg);
    if (algCurve === undefined) {
      throw C.notSupported(`Unrecognized or unimplemented algorithm "${jwk.alg}" listed in JSON ` +
        'Web Key Algorithm parameter.');
    }
    if (algCurve !== namedCurve) {
      throw C.dataError(`JSON Web Key Algorithm parameter "alg" ("${jwk.alg}") does not match ` +
        'requested curve.');
    }
  }
  // WebCrypto's ECDSA/ECDH "import key" wants "crv" to match (workerd leaves it unchecked).
  if (jwk.crv !== undefined && jwk.crv !== namedCurve) throw curveMismatch(name, namedCurve);
  const x = C.fromBase64url(jwk.x);
  if (x === undefined) throw C.dataError('Invalid EC key in JSON Web Key; missing "x".');
  const y = C.fromBase64url(jwk.y);
  if (y === undefined) throw C.dataError('Invalid EC key in JSON Web Key; missing "y".');
  let d;
  if (jwk.d !== undefined) {
    d = C.fromBase64url(jwk.d);
    if (d === undefined) {
      throw C.dataError('Invalid EC key in JSON Web Key; missing or invalid private key ' +
        'component ("d").');
    }
  }
  return ops.cryptoEcImportJwk(namedCurve, x, y, d);
};

const curveMismatch = (name, namedCurve) => C.dataError(`"algorithm.namedCurve" ` +
  `"${namedCurve}"${name === 'ECDH' ? ',' : ''} does not match the curve specified by the ` +
  'input key data');

function importEc(name, format, keyData, algorithm, extractable, usages) {
  const namedCurve = lookupCurve(algorithm);
  let imported;
  if (format === 'raw') {
    // A raw key is a public point; ECDH public keys take no usages (strict_crypto_checks).
    const bits = C.validateUsages(name, 'importPublic', usages, name === 'ECDSA' ? U.verify : 0);
    imported = { handle: ops.cryptoEcImportRaw(namedCurve, keyData), type: 'public', usages: bits };
  } else {
    const allowed = name === 'ECDSA' ? U.sign | U.verify : C.derivationMask;
    imported = C.importAsymmetric(format, keyData, name, extractable, usages,
      (jwk) => readEcJwk(name, namedCurve, jwk), allowed);
  }
  const info = ops.cryptoKeyInfo(imported.handle);
  if (info.kind !== 'ec') {
    throw C.dataError(name === 'ECDSA' ? 'Input was not an EC key'
      : 'Input was not an EC public key nor a DH key');
  }
  if (info.namedCurve !== namedCurve) throw curveMismatch(name, namedCurve);
  return C.makeKey({
    type: imported.type, extractable, algorithm: { name, namedCurve }, usages: imported.usages,
    handle: imported.handle, record: this, params: { namedCurve },
  });
}

function exportEc(key, format) {
  return C.exportAsymmetric(key, format, (k) => {
    const parts = ops.cryptoEcExportJwk(C.keyHandle(k));
    const jwk = {
      kty: 'EC', crv: C.keyParams(k).namedCurve, x: C.base64url(parts[0]),
      y: C.base64url(parts[1]),
    };
    if (parts.length > 2) {
      jwk.d = C.base64url(parts[2]);
      C.wipe(parts[2]);
    }
    return jwk;
  }, (k) => {
    if (C.keyType(k) !== 'public') {
      throw C.invalidAccess('Raw export of elliptic curve keys is only allowed for public keys.');
    }
    return ops.cryptoEcExportRaw(C.keyHandle(k));
  });
}

// ECDSA wants its hash at call time, not on the key (w3c/webcrypto#111).
const callTimeHash = (algorithm) => {
  if (algorithm.hash === undefined) {
    throw C.typeError('Missing "hash" in AlgorithmIdentifier. (ECDSA requires that the hash ' +
      'algorithm be specified at call time rather than on the key. This differs from other ' +
      'WebCrypto algorithms for historical reasons.)');
  }
  return C.lookupHash(algorithm.hash).name;
};

C.registerAlgorithm('ECDSA', {
  shape: 'Elliptic',
  generateKey: generateEc,
  importKey: importEc,
  exportKey: exportEc,
  sign(key, algorithm, data) {
    C.requirePrivateToSign(key);
    return ops.cryptoEcdsaSign(C.keyHandle(key), callTimeHash(algorithm), data);
  },
  verify(key, algorithm, signature, data) {
    C.requirePublicToVerify(key);
    return ops.cryptoEcdsaVerify(C.keyHandle(key), callTimeHash(algorithm), signature, data);
  },
});

C.registerAlgorithm('ECDH', {
  shape: 'Elliptic',
  generateKey: generateEc,
  importKey: importEc,
  exportKey: exportEc,
  // WebCrypto ECDH "derive bits": the x coordinate of the shared point, truncated to `length`.
  deriveBits(key, algorithm, length) {
    const peer = C.checkDerivationPeer(key, algorithm);
    const curve = C.keyParams(key).namedCurve;
    const peerCurve = C.keyParams(peer).namedCurve;
    if (curve !== peerCurve) {
      throw C.invalidAccess(`Private key for derivation is using curve "${curve}" while public ` +
        `key is using "${peerCurve}".`);
    }
    const secret = ops.cryptoEcdhDerive(C.keyHandle(key), C.keyHandle(peer));
    const out = C.deriveLength(secret, length);
    C.wipe(new Uint8Array(secret));
    return out;
  },
});
