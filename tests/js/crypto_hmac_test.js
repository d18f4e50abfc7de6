// HMAC through crypto.subtle: RFC 4231 known answers, key generation, import/export (raw, jwk)
// and workerd's errors.
const eq = (a, b, msg) => {
  if (a !== b) throw new Error(`${msg}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`);
};
const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
const bytes = (h) => new Uint8Array(h.match(/../g).map((b) => parseInt(b, 16)));
const fill = (byte, n) => new Uint8Array(n).fill(byte);
const utf8 = (s) => new TextEncoder().encode(s);
const failure = async (fn) => {
  try { await fn(); } catch (e) { return `${e.name}: ${e.message}`; }
  throw new Error('expected a failure');
};
const { subtle } = crypto;
const hmacKey = (raw, hash, usages = ['sign', 'verify'], extractable = true) =>
  subtle.importKey('raw', raw, { name: 'HMAC', hash }, extractable, usages);

// RFC 4231 §4: test cases 1–4, 6 and 7 (5 is a truncated output, which WebCrypto has not).
const kRfc4231 = [
  [fill(0x0b, 20), utf8('Hi There'), {
    'SHA-256': 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    'SHA-384': 'afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c' +
      'faea9ea9076ede7f4af152e8b2fa9cb6',
    'SHA-512': '87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde' +
      'daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854',
  }],
  [utf8('Jefe'), utf8('what do ya want for nothing?'), {
    'SHA-256': '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
  }],
  [fill(0xaa, 20), fill(0xdd, 50), {
    'SHA-256': '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe',
  }],
  [Uint8Array.from({ length: 25 }, (_, i) => i + 1), fill(0xcd, 50), {
    'SHA-256': '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
  }],
  [fill(0xaa, 131), utf8('Test Using Larger Than Block-Size Key - Hash Key First'), {
    'SHA-256': '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
  }],
  [fill(0xaa, 131), utf8('This is a test using a larger than block-size key and a larger than ' +
    'block-size data. The key needs to be hashed before being used by the HMAC algorithm.'), {
    'SHA-256': '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
  }],
];

export const rfc4231KnownAnswers = {
  async test() {
    for (const [i, [key, data, results]] of kRfc4231.entries()) {
      for (const [hash, want] of Object.entries(results)) {
        const k = await hmacKey(key, hash);
        eq(hex(await subtle.sign('HMAC', k, data)), want, `case ${i} ${hash} sign`);
        eq(await subtle.verify('HMAC', k, bytes(want), data), true, `case ${i} ${hash} verify`);
        const tampered = bytes(want);
        tampered[0] ^= 1;
        eq(await subtle.verify({ name: 'hmac' }, k, tampered, data), false, `case ${i} tampered`);
        eq(await subtle.verify('HMAC', k, bytes(want).slice(1), data), false, `case ${i} short`);
      }
    }
  },
};

export const generatedKeysDescribeThemselves = {
  async test() {
    const key = await subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, true, ['sign']);
    eq(key instanceof CryptoKey, true, 'CryptoKey');
    eq(key.type, 'secret', 'type');
    eq(key.extractable, true, 'extractable');
    eq(JSON.stringify(key.algorithm), '{"name":"HMAC","hash":{"name":"SHA-256"},"length":512}',
      'algorithm (block size by default)');
    eq(key.algorithm, key.algorithm, 'same algorithm object each time');
    eq(Object.isFrozen(key.algorithm) && Object.isFrozen(key.algorithm.hash), true, 'frozen');
    eq(JSON.stringify(key.usages), '["sign"]', 'usages');
    eq((await subtle.exportKey('raw', key)).byteLength, 64, 'raw length');

    const odd = await subtle.generateKey({ name: 'HMAC', hash: 'SHA-1', length: 70 }, true,
      ['verify', 'sign', 'sign']);
    eq(JSON.stringify(odd.usages), '["sign","verify"]', 'usages in spec order, deduplicated');
    const raw = new Uint8Array(await subtle.exportKey('raw', odd));
    eq(raw.length, 9, '70 bits → 9 bytes');
    eq(raw[8] & 0x03, 0, 'the 2 unused bits are zero');
    const a = await subtle.exportKey('raw', await subtle.generateKey(
      { name: 'HMAC', hash: 'SHA-256' }, true, ['sign']));
    eq(hex(a) !== hex(await subtle.exportKey('raw', key)), true, 'keys are random');
  },
};

export const jwkRoundTrip = {
  async test() {
    const key = await hmacKey(utf8('secret-key-bytes'), 'SHA-384');
    const jwk = await subtle.exportKey('jwk', key);
    eq(JSON.stringify(jwk), JSON.stringify({
      kty: 'oct', key_ops: ['sign', 'verify'], alg: 'HS384', ext: true,
      k: 'c2VjcmV0LWtleS1ieXRlcw',
    }), 'exported jwk');
    const back = await subtle.importKey('jwk', jwk, { name: 'HMAC', hash: 'SHA-384' }, false,
      ['verify']);
    const sig = await subtle.sign('HMAC', key, utf8('m'));
    eq(await subtle.verify('HMAC', back, sig, utf8('m')), true, 're-imported verifies');
    eq(back.extractable, false, 'not extractable');
    eq(await failure(() => subtle.exportKey('raw', back)),
      'InvalidAccessError: Attempt to export non-extractable HMAC key.', 'export refused');
  },
};

export const importErrors = {
  async test() {
    eq(await failure(() => subtle.importKey('raw', utf8('k'), { name: 'HMAC' }, true, ['sign'])),
      'TypeError: Missing field "hash" in "algorithm".', 'no hash');
    eq(await failure(() => hmacKey(utf8('k'), 'SHA-256', ['encrypt'])),
      'SyntaxError: Attempt to import secret HMAC key with invalid usage "encrypt".', 'usage');
    eq(await failure(() => hmacKey(utf8('k'), 'SHA-256', [])),
      'SyntaxError: Secret/private CryptoKeys must have at least one usage.', 'no usages');
    eq(await failure(() => hmacKey(new Uint8Array(0), 'SHA-256')),
      'DataError: Imported HMAC key length (0) must be a non-zero value up to 7 bits less than, ' +
      'and no greater than, the bit length of the raw key data (0).', 'empty key');
    eq(await failure(() => subtle.importKey('raw', utf8('kk'),
      { name: 'HMAC', hash: 'SHA-256', length: 8 }, true, ['sign'])),
    'DataError: Imported HMAC key length (8) must be a non-zero value up to 7 bits less than, ' +
      'and no greater than, the bit length of the raw key data (16).', 'length too short');
    eq(await failure(() => hmacKey(utf8('k'), 'SHA-1024')),
      'NotSupportedError: Unrecognized or unimplemented digest algorithm requested.', 'hash');
    eq(await failure(() => subtle.importKey('jwk', { kty: 'RSA' },
      { name: 'HMAC', hash: 'SHA-256' }, true, ['sign'])),
    'DataError: HMAC "jwk" key import requires a JSON Web Key with Key Type parameter ("kty") ' +
      'equal to "oct" (encountered "RSA").', 'kty');
    eq(await failure(() => subtle.importKey('jwk', { kty: 'oct', k: 'AAAA', alg: 'HS512' },
      { name: 'HMAC', hash: 'SHA-256' }, true, ['sign'])),
    'DataError: HMAC "jwk" key import specifies "alg" that is incompatible with the hash name ' +
      '(encountered "HS512", expected "HS256").', 'alg');
    eq(await failure(() => subtle.importKey('jwk', { kty: 'oct', k: 'AAAA', ext: false },
      { name: 'HMAC', hash: 'SHA-256' }, true, ['sign'])),
    'DataError: JWK ext field for "HMAC" is set to false but extractable is true', 'ext');
    eq(await failure(() => subtle.importKey('jwk', utf8('x'), { name: 'HMAC', hash: 'SHA-256' },
      true, ['sign'])),
    'TypeError: Import data provided for "jwk" import format must be a JsonWebKey.', 'jwk data');
    eq(await failure(() => subtle.importKey('raw', { kty: 'oct' },
      { name: 'HMAC', hash: 'SHA-256' }, true, ['sign'])),
    'TypeError: Import data provided for buffer-based import formats must be a buffer source.',
    'raw data');
    eq(await failure(() => subtle.importKey('pem', utf8('k'), { name: 'HMAC', hash: 'SHA-256' },
      true, ['sign'])),
    'NotSupportedError: Unrecognized key import format "pem".', 'format');
    eq(await failure(() => subtle.importKey('raw', utf8('k'), 'HMACK', true, ['sign'])),
      'NotSupportedError: Unrecognized key import algorithm "HMACK" requested.', 'algorithm');
    eq(await failure(() => subtle.generateKey({ name: 'HMAC', hash: 'SHA-256', length: 0 }, true,
      ['sign'])),
    'OperationError: HMAC key length must be a non-zero unsigned long integer (requested 0).',
    'generate length 0');
  },
};

export const operationChecks = {
  async test() {
    const key = await hmacKey(utf8('k'), 'SHA-256', ['sign'], false);
    eq(await failure(() => subtle.verify('HMAC', key, new Uint8Array(32), utf8('m'))),
      'InvalidAccessError: Requested key usage "verify" does not match any usage listed in this ' +
      'CryptoKey.', 'usage');
    eq(await failure(() => subtle.sign('AES-GCM', key, utf8('m'))),
      'InvalidAccessError: Requested algorithm "AES-GCM" does not match this CryptoKey\'s ' +
      'algorithm "HMAC".', 'algorithm');
    eq(await failure(() => subtle.sign('HMAC', {}, utf8('m'))),
      "TypeError: Failed to execute 'sign' on 'SubtleCrypto': parameter 2 is not of type " +
      "'CryptoKey'.", 'not a key');
    eq(await failure(() => subtle.exportKey('spki', key)),
      'InvalidAccessError: Attempt to export non-extractable HMAC key.', 'extractable first');
    const open = await hmacKey(utf8('k'), 'SHA-256');
    eq(await failure(() => subtle.exportKey('spki', open)),
      'NotSupportedError: Unimplemented key export format "spki".', 'format');
    eq(await failure(() => subtle.encrypt({ name: 'HMAC' }, open, utf8('m'))),
      'InvalidAccessError: Requested key usage "encrypt" does not match any usage listed in ' +
      'this CryptoKey.', 'encrypt');
  },
};
