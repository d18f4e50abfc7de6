'use strict';
// WebCrypto, part 3: what RSA, EC and OKP keys share. Importing SPKI, PKCS #8 and JWK with
// workerd's usage and JWK member checks (workerd importAsymmetricForWebCrypto), exporting them
// (AsymmetricKeyCryptoKeyImpl::exportKey), and building key pairs.

const {
  ArrayPrototypeIncludes, ArrayPrototypeSlice, ArrayPrototypeSort,
  ArrayBufferPrototypeGetByteLength,
} = primordials;
const C = internals.webCrypto;

// What a JWK's "use" must be for each algorithm, and the key_ops a use allows.
const jwkUseOf = (name) => {
  if (name === 'RSA-OAEP') return { use: 'enc', op0: 'encrypt', op1: 'wrapKey' };
  if (name === 'ECDH' || name === 'X25519') return { use: 'enc', op0: 'unused', op1: 'unused' };
  return { use: 'sig', op0: 'sign', op1: 'verify' };
};

// workerd's checks of "use", "key_ops" and "ext" (RFC 7517 §4.2, §4.3) before a JWK is read.
const checkJwkMembers = (jwk, name, extractable, usages) => {
  const { use: expectedUse, op0, op1 } = jwkUseOf(name);
  if (usages.length > 0 && jwk.use !== undefined && jwk.use !== expectedUse) {
    throw C.dataError('Asymmetric "jwk" key import with usages requires a JSON Web Key with ' +
      `Public Key Use parameter "use" ("${jwk.use}") equal to "sig".`);
  }
  if (jwk.key_ops !== undefined) {
    const ops = ArrayPrototypeSort(ArrayPrototypeSlice(jwk.key_ops));
    for (let i = 1; i < ops.length; i++) {
      if (ops[i] === ops[i - 1]) {
        throw C.dataError('A JSON Web Key\'s Key Operations parameter ("key_ops") must not ' +
          'contain duplicates.');
      }
    }
    if (jwk.use !== undefined) {
      if (jwk.use !== expectedUse) {
        throw C.dataError('Asymmetric "jwk" import requires a JSON Web Key with Public Key Use ' +
          `"use" ("${jwk.use}") equal to "${expectedUse}".`);
      }
      const consistency = 'A JSON Web Key should have either a Public Key Use parameter ' +
        '("use") or a Key Operations parameter ("key_ops"); otherwise, the parameters must be ' +
        'consistent with each other.';
      for (let i = 0; i < ops.length; i++) {
        if (name === 'ECDH' || name === 'X25519') {
          throw C.dataError(`${consistency} For public ${name} keys, there are no valid ` +
            'usages,so keys with a non-empty "key_ops" parameter are not allowed.');
        }
        if (ops[i] !== op0 && ops[i] !== op1) {
          throw C.dataError(`${consistency} A Public Key Use for ${name} would allow a Key ` +
            `Operations array with only "${op0}" and/or "${op1}" values (not "${ops[i]}").`);
        }
      }
    }
    // workerd checks the first requested usage and the first one that differs from it.
    if (usages.length > 0) {
      const missing = 'All specified key usages must be present in the JSON Web Key\'s Key ' +
        'Operations parameter ("key_ops").';
      if (!ArrayPrototypeIncludes(ops, usages[0])) throw C.dataError(missing);
      let second;
      for (let i = usages.length - 1; i >= 0; i--) {
        if (usages[i] === usages[0]) {
          second = usages[i + 1];
          break;
        }
      }
      if (second !== undefined && !ArrayPrototypeIncludes(ops, second)) {
        throw C.dataError(missing);
      }
    }
  }
  if (jwk.ext !== undefined && extractable && !jwk.ext) {
    throw C.dataError('Cannot create an extractable CryptoKey from an unextractable JSON Web Key.');
  }
};

// Imports `keyData` in `format` ("spki", "pkcs8" or "jwk"; "raw" is each algorithm's own).
// `readJwk(jwk)` turns a checked JWK into a handle. Returns { handle, type, usages (bits) }.
C.importAsymmetric = (format, keyData, name, extractable, usages, readJwk, allowed) => {
  const publicAllowed = name === 'ECDH' ? 0 : C.publicMask;  // strict_crypto_checks
  if (format === 'jwk') {
    const isPrivate = keyData.d !== undefined;
    let bits;
    if (isPrivate) {
      bits = C.validateUsages(name, 'importPrivate', usages, allowed & C.privateMask);
      if (keyData.oth !== undefined) {
        throw C.notSupported('Multi-prime private keys not supported.');
      }
    } else {
      bits = C.validateUsages(name, 'importPublic', usages, allowed & publicAllowed);
    }
    checkJwkMembers(keyData, name, extractable, usages);
    return { handle: readJwk(keyData), type: isPrivate ? 'private' : 'public', usages: bits };
  }
  if (format === 'spki') {
    const handle = ops.cryptoKeyImportSpki(keyData);
    const bits = C.validateUsages(name, 'importPublic', usages, allowed & publicAllowed);
    return { handle, type: 'public', usages: bits };
  }
  if (format === 'pkcs8') {
    const handle = ops.cryptoKeyImportPkcs8(keyData);
    const bits = C.validateUsages(name, 'importPrivate', usages, allowed & C.privateMask);
    return { handle, type: 'private', usages: bits };
  }
  throw C.notSupported(`Unrecognized key import format "${format}".`);
};

// Exports an asymmetric key. `jwkMembers(key)` gives the algorithm's JWK members,
// `exportRaw(key)` its "raw" form (or throws).
C.exportAsymmetric = (key, format, jwkMembers, exportRaw) => {
  const type = C.keyType(key);
  const handle = C.keyHandle(key);
  if (format === 'pkcs8') {
    if (type !== 'private') {
      throw C.invalidAccess(`Asymmetric pkcs8 export requires private key (not "${type}").`);
    }
    return ops.cryptoKeyExportPkcs8(handle);
  }
  if (format === 'spki') {
    if (type !== 'public') {
      throw C.invalidAccess(`Asymmetric spki export requires public key (not "${type}").`);
    }
    return ops.cryptoKeyExportSpki(handle);
  }
  if (format === 'jwk') {
    const members = jwkMembers(key);
    members.ext = true;
    members.key_ops = C.usageNames(C.keyUsages(key));
    return C.orderedJwk(members);
  }
  if (format === 'raw') return exportRaw(key);
  throw C.invalidAccess(`Cannot export "${C.keyAlgorithmName(key)}" in "${format}" format.`);
};

C.requirePrivateToSign = (key) => {
  if (C.keyType(key) !== 'private') {
    throw C.invalidAccess('Asymmetric signing requires a private key.');
  }
};
C.requirePublicToVerify = (key) => {
  if (C.keyType(key) !== 'public') {
    throw C.invalidAccess('Asymmetric verification requires a public key.');
  }
};

// A { publicKey, privateKey } pair from ops.cryptoKeyGenerate's [private, public] handles. The
// public key is always extractable (every asymmetric "generate key" operation of WebCrypto).
C.makeKeyPair = (handles, algorithm, record, params, extractable, usages) => {
  const privateKey = C.makeKey({
    type: 'private', extractable, algorithm, usages: usages & C.privateMask,
    handle: handles[0], record, params,
  });
  const publicKey = C.makeKey({
    type: 'public', extractable: true, algorithm, usages: usages & C.publicMask,
    handle: handles[1], record, params,
  });
  return { publicKey, privateKey };
};

// The checks ECDH and X25519 deriveBits make of the base key and of `algorithm.public`
// (workerd EllipticKey::deriveBits, EdDsaKey::deriveBits); returns the peer key.
C.checkDerivationPeer = (key, algorithm) => {
  const name = C.keyAlgorithmName(key);
  if (C.keyType(key) !== 'private') {
    throw C.invalidAccess('The deriveBits operation is only valid for a private key, not ' +
      `"${C.keyType(key)}".`);
  }
  const peer = algorithm.public;
  if (peer === undefined) throw C.typeError('Missing field "public" in "derivedKeyParams".');
  if (C.keyType(peer) !== 'public') {
    throw C.invalidAccess(`The provided key has type "${C.keyType(peer)}", not "public"`);
  }
  const peerName = C.keyAlgorithmName(peer);
  if (C.keyRecord(key).shape !== C.keyRecord(peer).shape) {
    throw C.invalidAccess(`Base ${name} private key cannot be used to derive a key from a peer ` +
      `${peerName} public key`);
  }
  if (name !== peerName) {
    throw C.invalidAccess(`Private key for derivation is using "${name}" while public key is ` +
      `using "${peerName}".`);
  }
  return peer;
};

// The first `length` bits of a derived secret, or all of it for a null length.
C.deriveLength = (secret, length) => {
  const available = ArrayBufferPrototypeGetByteLength(secret) * 8;
  const bits = length === null ? available : length;
  if (bits > available) {
    throw C.operationError(`Derived key length (${bits} bits) is too long (should be at most ` +
      `${available} bits).`);
  }
  return C.truncateBits(secret, bits);
};
