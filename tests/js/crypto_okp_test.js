// Ed25519 (and Workers' legacy NODE-ED25519) and X25519 through crypto.subtle: RFC 8032 and
// RFC 7748 known answers, import/export round trips, and workerd's errors.
const eq = (a, b, msg) => {
  if (a !== b) throw new Error(`${msg}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`);
};
const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
const bytes = (h) => new Uint8Array((h.match(/../g) ?? []).map((b) => parseInt(b, 16)));
const b64url = (h) => btoa(String.fromCharCode(...bytes(h))).replace(/\+/g, '-')
  .replace(/\//g, '_').replace(/=+$/, '');
const utf8 = (s) => new TextEncoder().encode(s);
const failure = async (fn) => {
  try { await fn(); } catch (e) { return `${e.name}: ${e.message}`; }
  throw new Error('expected a failure');
};
const { subtle } = crypto;

// RFC 8032 §7.1 TEST 1–3: [secret key, public key, message, signature].
const kRfc8032 = [
  ['9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', '',
    'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155' +
    '5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b'],
  ['4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c', '72',
    '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da' +
    '085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00'],
  ['c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025', 'af82',
    '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac' +
    '18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a'],
];

export const ed25519KnownAnswers = {
  async test() {
    for (const [i, [secret, pub, msg, sig]] of kRfc8032.entries()) {
      const jwk = { kty: 'OKP', crv: 'Ed25519', x: b64url(pub), d: b64url(secret) };
      const privateKey = await subtle.importKey('jwk', jwk, 'Ed25519', true, ['sign']);
      eq(hex(await subtle.sign('Ed25519', privateKey, bytes(msg))), sig, `TEST ${i + 1} sign`);
      const publicKey = await subtle.importKey('raw', bytes(pub), 'Ed25519', true, ['verify']);
      eq(await subtle.verify('Ed25519', publicKey, bytes(sig), bytes(msg)), true,
        `TEST ${i + 1} verify`);
      eq(await subtle.verify('Ed25519', publicKey, bytes(sig), utf8('other')), false,
        `TEST ${i + 1} other message`);
      const exported = await subtle.exportKey('jwk', privateKey);
      eq(JSON.stringify(exported), JSON.stringify({
        kty: 'OKP', key_ops: ['sign'], alg: 'EdDSA', ext: true, crv: 'Ed25519', x: jwk.x,
        d: jwk.d,
      }), `TEST ${i + 1} jwk export`);
    }
  },
};

export const ed25519GenerateAndFormats = {
  async test() {
    const { publicKey, privateKey } = await subtle.generateKey('Ed25519', true,
      ['sign', 'verify']);
    eq(JSON.stringify(privateKey.algorithm), '{"name":"Ed25519"}', 'algorithm');
    const msg = utf8('hello');
    const sig = await subtle.sign('Ed25519', privateKey, msg);
    eq(sig.byteLength, 64, 'signature size');
    for (const format of ['raw', 'spki', 'jwk']) {
      const data = await subtle.exportKey(format, publicKey);
      const key = await subtle.importKey(format, data, { name: 'Ed25519' }, false, ['verify']);
      eq(await subtle.verify('Ed25519', key, sig, msg), true, `verify via ${format}`);
    }
    const pkcs8 = await subtle.exportKey('pkcs8', privateKey);
    const signer = await subtle.importKey('pkcs8', pkcs8, 'Ed25519', false, ['sign']);
    eq(hex(await subtle.sign('Ed25519', signer, msg)), hex(sig), 'deterministic signatures');
  },
};

export const nodeEd25519Legacy = {
  async test() {
    const algorithm = { name: 'NODE-ED25519', namedCurve: 'NODE-ED25519' };
    const { publicKey, privateKey } = await subtle.generateKey(algorithm, true,
      ['sign', 'verify']);
    eq(JSON.stringify(publicKey.algorithm),
      '{"name":"NODE-ED25519","namedCurve":"NODE-ED25519"}', 'algorithm');
    const sig = await subtle.sign(algorithm, privateKey, utf8('x'));
    const raw = await subtle.exportKey('raw', publicKey);
    const standard = await subtle.importKey('raw', raw, 'Ed25519', false, ['verify']);
    eq(await subtle.verify('Ed25519', standard, sig, utf8('x')), true, 'same signatures');
    eq(await failure(() => subtle.generateKey({ name: 'NODE-ED25519', namedCurve: 'X' }, true,
      ['sign'])), 'NotSupportedError: EDDSA curve "X" isn\'t supported.', 'curve');
    eq(await failure(() => subtle.importKey('raw', raw, 'NODE-ED25519', true, ['verify'])),
      'TypeError: Missing field "namedCurve" in "algorithm".', 'no curve');
  },
};

// RFC 7748 §6.1.
const kAlice = ['77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a',
  '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a'];
const kBob = ['5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb',
  'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f'];
const kShared = '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742';

export const x25519KnownAnswer = {
  async test() {
    const alice = await subtle.importKey('jwk',
      { kty: 'OKP', crv: 'X25519', x: b64url(kAlice[1]), d: b64url(kAlice[0]) }, 'X25519', true,
      ['deriveBits']);
    const bob = await subtle.importKey('raw', bytes(kBob[1]), 'X25519', true, []);
    eq(hex(await subtle.deriveBits({ name: 'X25519', public: bob }, alice, 256)), kShared,
      'shared secret');
    eq(hex(await subtle.deriveBits({ name: 'X25519', public: bob }, alice, null)), kShared,
      'null length is the whole secret');
    eq(hex(await subtle.deriveBits({ name: 'X25519', public: bob }, alice, 20)),
      `${kShared.slice(0, 5)}0`, 'first 20 bits');
    const exported = await subtle.exportKey('jwk', alice);
    eq(`${exported.crv} ${exported.x} ${exported.alg}`, `X25519 ${b64url(kAlice[1])} undefined`,
      'public half computed, no alg');

    const pair = await subtle.generateKey('X25519', true, ['deriveKey']);
    eq(JSON.stringify(pair.publicKey.usages), '[]', 'public key takes no usages');
    const aes = await subtle.deriveKey({ name: 'X25519', public: bob }, pair.privateKey,
      { name: 'AES-KW', length: 256 }, false, ['wrapKey']);
    eq(aes.algorithm.name, 'AES-KW', 'deriveKey');
    // RFC 7748 §6.1: a small-order point gives an all-zero secret, which must be refused.
    const zero = await subtle.importKey('raw', new Uint8Array(32), 'X25519', true, []);
    eq(await failure(() => subtle.deriveBits({ name: 'X25519', public: zero }, alice, 256)),
      'OperationError: Detected small order secure curve points, aborting EDDH derivation',
      'small order');
  },
};

export const okpErrors = {
  async test() {
    eq(await failure(() => subtle.importKey('raw', new Uint8Array(31), 'Ed25519', true,
      ['verify'])), 'DataError: Ed25519 raw keys must be exactly 32-bytes (provided 31).', 'raw');
    eq(await failure(() => subtle.importKey('raw', new Uint8Array(32), 'X25519', true,
      ['deriveBits'])),
    'SyntaxError: Attempt to import public X25519 key with invalid usage "deriveBits".',
    'X25519 public usage');
    eq(await failure(() => subtle.importKey('jwk', { kty: 'OKP', crv: 'X25519', x: 'AA' },
      'Ed25519', true, ['verify'])),
    'NotSupportedError: Only Ed25519 is supported but "X25519" was requested.', 'crv');
    eq(await failure(() => subtle.importKey('jwk', { kty: 'EC', crv: 'Ed25519' }, 'Ed25519', true,
      ['verify'])),
    'DataError: Ed25519 "jwk" key imports requires a JSON Web Key with Key Type parameter ' +
      '"kty" ("EC") equal to "OKP".', 'kty');
    eq(await failure(() => subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: 'AAAA' },
      'Ed25519', true, ['verify'])), 'DataError: Invalid length 3 for public key', 'x length');
    const { publicKey, privateKey } = await subtle.generateKey('Ed25519', false,
      ['sign', 'verify']);
    eq(await failure(() => subtle.verify('Ed25519', publicKey, new Uint8Array(63), utf8('m'))),
      'OperationError: Invalid Ed25519 signature length 63', 'signature length');
    eq(await failure(() => subtle.exportKey('raw', privateKey)),
      'InvalidAccessError: Attempt to export non-extractable Ed25519 key.', 'non-extractable');
    const ecSpki = await subtle.exportKey('spki', (await subtle.generateKey(
      { name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign'])).publicKey);
    eq(await failure(() => subtle.importKey('spki', ecSpki, 'Ed25519', true, ['verify'])),
      'DataError: Input was not an Ed25519 key', 'wrong key type');
    const x = await subtle.generateKey('X25519', false, ['deriveBits']);
    eq(await failure(() => subtle.deriveBits({ name: 'X25519', public: publicKey }, x.privateKey,
      256)),
    'InvalidAccessError: Private key for derivation is using "X25519" while public key is using ' +
      '"Ed25519".', 'peer algorithm');
    eq(await failure(() => subtle.deriveBits({ name: 'X25519', public: x.publicKey },
      x.privateKey, 264)),
    'OperationError: Derived key length (264 bits) is too long (should be at most 256 bits).',
    'too long');
  },
};
