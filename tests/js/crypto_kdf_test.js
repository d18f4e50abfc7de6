// PBKDF2 and HKDF through crypto.subtle: RFC 6070 and RFC 5869 known answers, deriveKey into
// AES and HMAC keys, and workerd's errors (including Workers' 100,000-iteration cap).
const eq = (a, b, msg) => {
  if (a !== b) throw new Error(`${msg}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`);
};
const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
const bytes = (h) => new Uint8Array((h.match(/../g) ?? []).map((b) => parseInt(b, 16)));
const seq = (start, n) => Uint8Array.from({ length: n }, (_, i) => start + i);
const utf8 = (s) => new TextEncoder().encode(s);
const failure = async (fn) => {
  try { await fn(); } catch (e) { return `${e.name}: ${e.message}`; }
  throw new Error('expected a failure');
};
const { subtle } = crypto;
const baseKey = (name, raw, usages = ['deriveBits', 'deriveKey']) =>
  subtle.importKey('raw', raw, name, false, usages);

// RFC 6070 §2 (PBKDF2-HMAC-SHA1); the 16,777,216-iteration case is over Workers' cap.
const kRfc6070 = [
  ['password', 'salt', 1, 20, '0c60c80f961f0e71f3a9b524af6012062fe037a6'],
  ['password', 'salt', 2, 20, 'ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957'],
  ['password', 'salt', 4096, 20, '4b007901b765489abead49d926f721d065a429c1'],
  ['passwordPASSWORDpassword', 'saltSALTsaltSALTsaltSALTsaltSALTsalt', 4096, 25,
    '3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038'],
  ['pass\0word', 'sa\0lt', 4096, 16, '56fa6aa75548099dcc37d7f03425e0c3'],
];

export const pbkdf2KnownAnswers = {
  async test() {
    for (const [password, salt, iterations, length, want] of kRfc6070) {
      const key = await baseKey('PBKDF2', utf8(password));
      const bits = await subtle.deriveBits(
        { name: 'PBKDF2', hash: 'SHA-1', salt: utf8(salt), iterations }, key, length * 8);
      eq(hex(bits), want, `${password}/${iterations}`);
    }
    const key = await baseKey('PBKDF2', utf8('password'));
    eq(JSON.stringify(key.algorithm), '{"name":"PBKDF2"}', 'algorithm');
    eq(key.extractable, false, 'never extractable');
  },
};

// RFC 5869 appendix A, test cases 1–3 (HMAC-SHA-256).
const kRfc5869 = [
  [new Uint8Array(22).fill(0x0b), bytes('000102030405060708090a0b0c'),
    bytes('f0f1f2f3f4f5f6f7f8f9'), 42,
    '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865'],
  [seq(0, 80), seq(0x60, 80), seq(0xb0, 80), 82,
    'b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c' +
    '59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71' +
    'cc30c58179ec3e87c14c01d5c1f3434f1d87'],
  [new Uint8Array(22).fill(0x0b), new Uint8Array(0), new Uint8Array(0), 42,
    '8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8'],
];

export const hkdfKnownAnswers = {
  async test() {
    for (const [i, [ikm, salt, info, length, want]] of kRfc5869.entries()) {
      const key = await baseKey('HKDF', ikm);
      const bits = await subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info }, key,
        length * 8);
      eq(hex(bits), want, `case ${i + 1}`);
    }
  },
};

export const deriveKeyMakesUsableKeys = {
  async test() {
    const password = await baseKey('PBKDF2', utf8('correct horse'));
    const params = { name: 'PBKDF2', hash: 'SHA-256', salt: utf8('pepper'), iterations: 1000 };
    const aes = await subtle.deriveKey(params, password, { name: 'AES-GCM', length: 256 }, true,
      ['encrypt', 'decrypt']);
    eq(JSON.stringify(aes.algorithm), '{"name":"AES-GCM","length":256}', 'AES key');
    const raw = await subtle.exportKey('raw', aes);
    eq(hex(raw), hex(await subtle.deriveBits(params, password, 256)), 'same bits as deriveBits');

    const hkdf = await baseKey('HKDF', utf8('input keying material'));
    const hmac = await subtle.deriveKey(
      { name: 'HKDF', hash: 'SHA-512', salt: new Uint8Array(0), info: utf8('auth') }, hkdf,
      { name: 'HMAC', hash: 'SHA-384' }, false, ['sign']);
    eq(JSON.stringify(hmac.algorithm), '{"name":"HMAC","hash":{"name":"SHA-384"},"length":1024}',
      'HMAC key of the hash block size');
    eq((await subtle.sign('HMAC', hmac, utf8('x'))).byteLength, 48, 'signs');
  },
};

export const kdfErrors = {
  async test() {
    const pbkdf2 = await baseKey('PBKDF2', utf8('pw'));
    const params = { name: 'PBKDF2', hash: 'SHA-256', salt: utf8('s'), iterations: 1 };
    eq(await failure(() => subtle.deriveBits({ ...params, iterations: 100001 }, pbkdf2, 256)),
      'NotSupportedError: Pbkdf2 failed: iteration counts above 100000 are not supported ' +
      '(requested 100001).', 'iteration cap');
    eq(await failure(() => subtle.deriveBits({ ...params, iterations: 0 }, pbkdf2, 256)),
      'OperationError: PBKDF2 requires a positive iteration count (requested 0).', 'zero');
    eq(await failure(() => subtle.deriveBits(params, pbkdf2, 12)),
      'OperationError: PBKDF2 requires a derived key length that is a non-zero multiple of ' +
      'eight (requested 12).', 'length');
    eq(await failure(() => subtle.deriveBits(params, pbkdf2, null)),
      'OperationError: PBKDF2 cannot derive a key with null length.', 'null length');
    eq(await failure(() => subtle.deriveBits(params, pbkdf2, -8)),
      'TypeError: deriveBits length must be an unsigned long integer.', 'negative');
    eq(await failure(() => subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', iterations: 1 },
      pbkdf2, 256)), 'TypeError: Missing field "salt" in "algorithm".', 'no salt');
    eq(await failure(() => subtle.deriveBits({ name: 'PBKDF2', salt: utf8('s'), iterations: 1 },
      pbkdf2, 256)), 'TypeError: Missing field "hash" in "algorithm".', 'no hash');
    eq(await failure(() => subtle.importKey('raw', utf8('pw'), 'PBKDF2', true, ['deriveBits'])),
      'SyntaxError: PBKDF2 key cannot be extractable.', 'extractable');
    eq(await failure(() => subtle.importKey('jwk', { kty: 'oct', k: 'AA' }, 'HKDF', false,
      ['deriveBits'])),
    'NotSupportedError: HKDF key must be imported in "raw" format (requested "jwk")', 'jwk');
    eq(await failure(() => subtle.generateKey('PBKDF2', false, ['deriveBits'])),
      'NotSupportedError: Unrecognized key generation algorithm "PBKDF2" requested.', 'generate');

    const hkdf = await baseKey('HKDF', utf8('ikm'));
    eq(await failure(() => subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: utf8('') },
      hkdf, 256)), 'TypeError: Missing field "info" in "algorithm".', 'no info');
    eq(await failure(() => subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: utf8(''),
      info: utf8('') }, hkdf, 256 * 255 * 8 + 8)), 'OperationError: HKDF deriveBits failed.',
    'too long');
    eq(await failure(() => subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: utf8(''),
      info: utf8('') }, hkdf, { name: 'AES-CBC', length: 64 }, true, ['encrypt'])),
    'OperationError: Derived AES key must be 128, 192, or 256 bits in length but provided 64.',
    'derived AES length');
    eq(await failure(() => subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: utf8(''),
      info: utf8('') }, hkdf, { name: 'RSA-PSS' }, true, ['sign'])),
    'NotSupportedError: Unrecognized derived key type "RSA-PSS" requested.', 'derived type');
    const bitsOnly = await baseKey('HKDF', utf8('ikm'), ['deriveBits']);
    eq(await failure(() => subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: utf8(''),
      info: utf8('') }, bitsOnly, { name: 'AES-GCM', length: 128 }, true, ['encrypt'])),
    'InvalidAccessError: Requested key usage "deriveKey" does not match any usage listed in ' +
      'this CryptoKey.', 'usage');
  },
};
