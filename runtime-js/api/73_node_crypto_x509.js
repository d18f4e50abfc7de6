'use strict';
// node:crypto's X509Certificate: a certificate read from PEM or DER, described in Node's formats
// (names one attribute a line, "Nov 24 16:30:07 2026 GMT" times, colon-separated fingerprints)
// and checked against hosts, e-mail addresses, IPs, keys and issuers. The native side is
// src/api/crypto/node_x509_ops.cc; part 4 (74_node_crypto_sign.js) adds it to node:crypto.

const { ArrayBuffer, ArrayBufferIsView, Date, ObjectFreeze, Uint8Array } = primordials;
const { nodeErrors, Buffer } = internals;
const { toBytes } = internals.nodeCrypto;
const { makeKeyObject, isKeyObject, handleOf } = internals.nodeCrypto.keys;

class X509Certificate {
  #der;
  #info;

  constructor(buffer) {
    if (typeof buffer !== 'string' && !ArrayBufferIsView(buffer) && !(buffer instanceof ArrayBuffer)) {
      throw nodeErrors.invalidArgType('buffer',
        'of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView', buffer);
    }
    this.#info = ops.cryptoNodeX509Parse(toBytes(buffer, 'buffer'));
    this.#der = new Uint8Array(this.#info.raw);
  }

  get subject() { return this.#info.subject; }
  get issuer() { return this.#info.issuer; }
  get subjectAltName() { return this.#info.subjectAltName; }
  get infoAccess() { return this.#info.infoAccess; }
  get validFrom() { return this.#info.validFrom; }
  get validTo() { return this.#info.validTo; }
  get validFromDate() { return new Date(this.#info.validFrom); }
  get validToDate() { return new Date(this.#info.validTo); }
  get serialNumber() { return this.#info.serialNumber; }
  get fingerprint() { return this.#info.fingerprint; }
  get fingerprint256() { return this.#info.fingerprint256; }
  get fingerprint512() { return this.#info.fingerprint512; }
  get ca() { return this.#info.ca; }
  get keyUsage() { return this.#info.keyUsage; }
  get issuerCertificate() { return undefined; }
  get raw() { return Buffer.from(this.#der); }
  get publicKey() { return makeKeyObject('public', this.#info.publicKey); }

  checkHost(name, options) {
    internals.validateString(name, 'name');
    return ops.cryptoNodeX509Check(this.#der, 'host', name);
  }

  checkEmail(email, options) {
    internals.validateString(email, 'email');
    return ops.cryptoNodeX509Check(this.#der, 'email', email);
  }

  checkIP(ip) {
    internals.validateString(ip, 'ip');
    return ops.cryptoNodeX509Check(this.#der, 'ip', ip);
  }

  checkIssued(otherCert) {
    if (!(otherCert instanceof X509Certificate)) {
      throw nodeErrors.invalidArgType('otherCert', 'an instance of X509Certificate', otherCert);
    }
    return ops.cryptoNodeX509Check(this.#der, 'issued', otherCert.#der);
  }

  checkPrivateKey(privateKey) {
    if (!isKeyObject(privateKey)) throw nodeErrors.invalidArgType('privateKey', 'an instance of KeyObject', privateKey);
    if (privateKey.type !== 'private') throw nodeErrors.invalidArgValue('privateKey', privateKey);
    return ops.cryptoNodeX509Check(this.#der, 'privateKey', handleOf(privateKey));
  }

  verify(publicKey) {
    if (!isKeyObject(publicKey)) throw nodeErrors.invalidArgType('publicKey', 'an instance of KeyObject', publicKey);
    if (publicKey.type !== 'public') throw nodeErrors.invalidArgValue('publicKey', publicKey);
    return ops.cryptoNodeX509Check(this.#der, 'verify', handleOf(publicKey));
  }

  toString() { return this.#info.pem; }
  toJSON() { return this.#info.pem; }
}

internals.nodeCrypto.x509 = ObjectFreeze({ X509Certificate });
