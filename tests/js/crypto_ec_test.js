// ECDSA and ECDH on P-256, P-384 and P-521 through crypto.subtle: generation, every import and
// export format, sign with a private key and verify with its exported-and-reimported public
// key, a signature made by Node's crypto, ECDH agreement, and workerd's errors.
const eq = (a, b, msg) => {
  if (a !== b) throw new Error(`${msg}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`);
};
const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
const bytes = (h) => new Uint8Array((h.match(/../g) ?? []).map((b) => parseInt(b, 16)));
const b64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const utf8 = (s) => new TextEncoder().encode(s);
const failure = async (fn) => {
  try { await fn(); } catch (e) { return `${e.name}: ${e.message}`; }
  throw new Error('expected a failure');
};
const { subtle } = crypto;
const kCurves = { 'P-256': 32, 'P-384': 48, 'P-521': 66 };

export const ecdsaSignVerifyAcrossFormats = {
  async test() {
    const msg = utf8('message to sign');
    for (const [namedCurve, size] of Object.entries(kCurves)) {
      const ecdsa = { name: 'ECDSA', namedCurve };
      const { publicKey, privateKey } = await subtle.generateKey(ecdsa, true, ['sign', 'verify']);
      eq(JSON.stringify(privateKey.algorithm), `{"name":"ECDSA","namedCurve":"${namedCurve}"}`,
        'algorithm');
      eq(`${privateKey.type} ${privateKey.usages} ${publicKey.type} ${publicKey.usages}`,
        'private sign public verify', 'types and usages');
      eq(publicKey.extractable, true, 'public key always extractable');
      const sig = await subtle.sign({ name: 'ECDSA', hash: 'SHA-384' }, privateKey, msg);
      eq(sig.byteLength, 2 * size, `${namedCurve} r||s`);

      const raw = await subtle.exportKey('raw', publicKey);
      eq(raw.byteLength, 1 + 2 * size, 'raw is an uncompressed point');
      const spki = await subtle.exportKey('spki', publicKey);
      const jwk = await subtle.exportKey('jwk', publicKey);
      eq(`${jwk.kty} ${jwk.crv} ${jwk.key_ops} ${jwk.ext}`, `EC ${namedCurve} verify true`,
        'public jwk');
      for (const [format, data] of [['raw', raw], ['spki', spki], ['jwk', jwk]]) {
        const imported = await subtle.importKey(format, data, ecdsa, false, ['verify']);
        eq(await subtle.verify({ name: 'ECDSA', hash: 'SHA-384' }, imported, sig, msg), true,
          `${namedCurve} verify via ${format}`);
        eq(await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, imported, sig, msg), false,
          `${namedCurve} other hash`);
      }
      const pkcs8 = await subtle.exportKey('pkcs8', privateKey);
      const privJwk = await subtle.exportKey('jwk', privateKey);
      eq(b64(privJwk.d.replace(/-/g, '+').replace(/_/g, '/')).length, size, 'd length');
      for (const [format, data] of [['pkcs8', pkcs8], ['jwk', privJwk]]) {
        const signer = await subtle.importKey(format, data, ecdsa, true, ['sign']);
        const again = await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, signer, msg);
        eq(await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, again, msg), true,
          `${namedCurve} sign after ${format} import`);
      }
      eq(await subtle.verify({ name: 'ECDSA', hash: 'SHA-384' }, publicKey, sig.slice(1), msg),
        false, 'wrong-size signature is invalid, not an error');
    }
  },
};

// Made with Node's crypto: P-256 key, ECDSA-SHA-256 over "edged interop", IEEE P1363 encoding.
const kNodeSpki = 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEvmB28DSz3BEO07OGmqvleCyjLc9uErx0mqH7PAXb' +
  'KMFqeM6m+4aDblkdGpIsX+EjgPYFkVO2FY/ckUfLMNZZng==';
const kNodeSig = '87640c4d52d1fe2c15a91aecb33efb93568c47586295367bc2f9051bb5ca6e6a' +
  'a751d6e367908c58e415d2ed394f79d5ba6a1c2b1ef8e0362758ef5c7bb1069c';

export const verifiesNodeSignature = {
  async test() {
    const key = await subtle.importKey('spki', b64(kNodeSpki),
      { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
    eq(await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, bytes(kNodeSig),
      utf8('edged interop')), true, 'node signature');
    eq(await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, bytes(kNodeSig),
      utf8('edged interop!')), false, 'other message');
  },
};

export const ecdhAgreement = {
  async test() {
    for (const [namedCurve, size] of Object.entries(kCurves)) {
      const ecdh = { name: 'ECDH', namedCurve };
      const alice = await subtle.generateKey(ecdh, true, ['deriveBits', 'deriveKey']);
      const bob = await subtle.generateKey(ecdh, true, ['deriveBits']);
      eq(JSON.stringify(alice.publicKey.usages), '[]', 'ECDH public keys have no usages');
      const bobPublic = await subtle.importKey('raw', await subtle.exportKey('raw', bob.publicKey),
        ecdh, true, []);
      const ab = await subtle.deriveBits({ name: 'ECDH', public: bobPublic }, alice.privateKey,
        null);
      const ba = await subtle.deriveBits({ name: 'ECDH', public: alice.publicKey },
        bob.privateKey, null);
      eq(ab.byteLength, size, `${namedCurve} secret size`);
      eq(hex(ab), hex(ba), `${namedCurve} both sides agree`);
      const short = await subtle.deriveBits({ name: 'ECDH', public: bobPublic }, alice.privateKey,
        12);
      eq(hex(short), hex(new Uint8Array([new Uint8Array(ab)[0], new Uint8Array(ab)[1] & 0xf0])),
        'truncated to 12 bits');
      const aes = await subtle.deriveKey({ name: 'ECDH', public: bob.publicKey },
        alice.privateKey, { name: 'AES-GCM', length: 128 }, true, ['encrypt']);
      eq(hex(await subtle.exportKey('raw', aes)), hex(ab).slice(0, 32), 'deriveKey');
      eq(await failure(() => subtle.deriveBits({ name: 'ECDH', public: bobPublic },
        alice.privateKey, size * 8 + 8)),
      `OperationError: Derived key length (${size * 8 + 8} bits) is too long (should be at ` +
        `most ${size * 8} bits).`, 'too long');
    }
  },
};

export const ecErrors = {
  async test() {
    const pair = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true,
      ['sign', 'verify']);
    eq(await failure(() => subtle.sign('ECDSA', pair.privateKey, utf8('m'))),
      'TypeError: Missing "hash" in AlgorithmIdentifier. (ECDSA requires that the hash ' +
      'algorithm be specified at call time rather than on the key. This differs from other ' +
      'WebCrypto algorithms for historical reasons.)', 'no hash');
    eq(await failure(() => subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-192' }, true,
      ['sign'])), 'NotSupportedError: Unrecognized or unimplemented EC curve "P-192" requested.',
    'curve');
    eq(await failure(() => subtle.generateKey({ name: 'ECDSA' }, true, ['sign'])),
      'TypeError: Missing field "namedCurve" in "algorithm".', 'no curve');
    eq(await failure(() => subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true,
      ['verify'])),
    'SyntaxError: Attempt to generate asymmetric keys with no valid private key usages.',
    'no private usages');
    eq(await failure(() => subtle.exportKey('raw', pair.privateKey)),
      'InvalidAccessError: Raw export of elliptic curve keys is only allowed for public keys.',
      'raw private');
    eq(await failure(() => subtle.exportKey('pkcs8', pair.publicKey)),
      'InvalidAccessError: Asymmetric pkcs8 export requires private key (not "public").', 'pkcs8');
    const spki = await subtle.exportKey('spki', pair.publicKey);
    eq(await failure(() => subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-384' },
      true, ['verify'])),
    'DataError: "algorithm.namedCurve" "P-384" does not match the curve specified by the input ' +
      'key data', 'curve mismatch');
    eq(await failure(() => subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-256' },
      true, ['sign'])),
    'SyntaxError: Attempt to import public ECDSA key with invalid usage "sign".', 'usage');
    eq(await failure(() => subtle.importKey('spki', new Uint8Array(10),
      { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify'])),
    'DataError: Invalid SPKI input.', 'garbage spki');
    const withTrailing = new Uint8Array([...new Uint8Array(spki), 0, 0]);
    eq(await failure(() => subtle.importKey('spki', withTrailing,
      { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify'])),
    'DataError: Invalid 2 trailing bytes after SPKI input.', 'trailing bytes');
    const raw = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
    raw[40] ^= 1;
    eq(await failure(() => subtle.importKey('raw', raw, { name: 'ECDSA', namedCurve: 'P-256' },
      true, ['verify'])), 'DataError: Failed to import raw EC key data', 'point off the curve');
    const jwk = await subtle.exportKey('jwk', pair.privateKey);
    eq(await failure(() => subtle.importKey('jwk', { ...jwk, alg: 'ES384' },
      { name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign'])),
    'DataError: JSON Web Key Algorithm parameter "alg" ("ES384") does not match requested ' +
      'curve.', 'jwk alg');
    const other = await subtle.exportKey('jwk', (await subtle.generateKey(
      { name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign'])).privateKey);
    eq(await failure(() => subtle.importKey('jwk', { ...jwk, d: other.d },
      { name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign'])),
    'DataError: Invalid EC key in JSON Web Key', 'd does not match x, y');
    eq(await failure(() => subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey,
      new Uint8Array(64), utf8('m'))),
    'InvalidAccessError: Requested key usage "verify" does not match any usage listed in this ' +
      'CryptoKey.', 'verify with private');

    const alice = await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false,
      ['deriveBits']);
    const carol = await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-384' }, false,
      ['deriveBits']);
    eq(await failure(() => subtle.deriveBits({ name: 'ECDH', public: carol.publicKey },
      alice.privateKey, null)),
    'InvalidAccessError: Private key for derivation is using curve "P-256" while public key is ' +
      'using "P-384".', 'curves differ');
    eq(await failure(() => subtle.deriveBits({ name: 'ECDH', public: pair.publicKey },
      alice.privateKey, null)),
    'InvalidAccessError: Private key for derivation is using "ECDH" while public key is using ' +
      '"ECDSA".', 'algorithms differ');
    eq(await failure(() => subtle.deriveBits({ name: 'ECDH' }, alice.privateKey, null)),
      'TypeError: Missing field "public" in "derivedKeyParams".', 'no public');
    eq(await failure(() => subtle.deriveBits({ name: 'ECDH', public: 'key' }, alice.privateKey,
      null)),
    "TypeError: Incorrect type for the 'public' field on 'DeriveKeyAlgorithm': the provided " +
      "value is not of type 'CryptoKey'.", 'public not a key');
  },
};
