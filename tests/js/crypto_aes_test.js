// AES-GCM, AES-CBC, AES-CTR and AES-KW through crypto.subtle: NIST and RFC 3394 known answers,
// key generation and import/export, wrapKey/unwrapKey, and workerd's errors.
const eq = (a, b, msg) => {
  if (a !== b) throw new Error(`${msg}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`);
};
const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
const bytes = (h) => new Uint8Array((h.match(/../g) ?? []).map((b) => parseInt(b, 16)));
const utf8 = (s) => new TextEncoder().encode(s);
const failure = async (fn) => {
  try { await fn(); } catch (e) { return `${e.name}: ${e.message}`; }
  throw new Error('expected a failure');
};
const { subtle } = crypto;
const aesKey = (name, rawHex, usages = ['encrypt', 'decrypt']) =>
  subtle.importKey('raw', bytes(rawHex), name, true, usages);

// The Galois/Counter Mode specification (McGrew & Viega), test cases 2–4, as used by NIST's
// GCMVS: [key, iv, plaintext, additional data, ciphertext, tag].
const kP3 = 'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72' +
  '1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255';
const kC3 = '42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e' +
  '21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985';
const kGcm = [
  ['00000000000000000000000000000000', '000000000000000000000000',
    '00000000000000000000000000000000', '', '0388dace60b6a392f328c2b971b2fe78',
    'ab6e47d42cec13bdf53a67b21257bddf'],
  ['feffe9928665731c6d6a8f9467308308', 'cafebabefacedbaddecaf888', kP3, '', kC3,
    '4d5c2af327cd64a62cf35abd2ba6fab4'],
  ['feffe9928665731c6d6a8f9467308308', 'cafebabefacedbaddecaf888', kP3.slice(0, 120),
    'feedfacedeadbeeffeedfacedeadbeefabaddad2', kC3.slice(0, 120),
    '5bc94fbc3221a5db94fae95ae7121a47'],
];

export const gcmKnownAnswers = {
  async test() {
    for (const [i, [k, iv, p, a, c, t]] of kGcm.entries()) {
      const key = await aesKey('AES-GCM', k);
      const params = { name: 'AES-GCM', iv: bytes(iv) };
      if (a) params.additionalData = bytes(a);
      const sealed = await subtle.encrypt(params, key, bytes(p));
      eq(hex(sealed), c + t, `case ${i + 2} encrypt`);
      eq(hex(await subtle.decrypt(params, key, sealed)), p, `case ${i + 2} decrypt`);
    }
    const key = await aesKey('AES-GCM', kGcm[1][0]);
    const params = { name: 'AES-GCM', iv: bytes(kGcm[1][1]), tagLength: 96 };
    const short = await subtle.encrypt(params, key, bytes(kP3));
    eq(hex(short), kC3 + '4d5c2af327cd64a62cf35abd', '96-bit tag is a prefix');
    const tampered = new Uint8Array(short);
    tampered[3] ^= 1;
    eq(await failure(() => subtle.decrypt(params, key, tampered)),
      'OperationError: Decryption failed. This could be due to a ciphertext authentication ' +
      'failure, bad padding, incorrect CryptoKey, or another algorithm-specific reason. Input ' +
      'length was 64, output length expected to be 64 for AES-GCM', 'authentication failure');
    eq(await failure(() => subtle.decrypt({ ...params, additionalData: utf8('x') }, key, short)),
      'OperationError: Decryption failed. This could be due to a ciphertext authentication ' +
      'failure, bad padding, incorrect CryptoKey, or another algorithm-specific reason. Input ' +
      'length was 64, output length expected to be 64 for AES-GCM', 'wrong additional data');
  },
};

export const gcmErrors = {
  async test() {
    const key = await aesKey('AES-GCM', '00000000000000000000000000000000');
    eq(await failure(() => subtle.encrypt({ name: 'AES-GCM' }, key, utf8('x'))),
      'TypeError: Missing field "iv" in "algorithm".', 'no iv');
    eq(await failure(() => subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array(0) }, key,
      utf8('x'))), 'OperationError: AES-GCM IV must not be empty.', 'empty iv');
    eq(await failure(() => subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12),
      tagLength: 100 }, key, utf8('x'))), 'OperationError: Invalid AES-GCM tag length 100.',
    'tag length');
    eq(await failure(() => subtle.decrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, key,
      new Uint8Array(8))),
    'OperationError: Ciphertext length of 64 bits must be greater than or equal to the size of ' +
      'the AES-GCM tag length of 128 bits.', 'short ciphertext');
    eq(await failure(() => subtle.encrypt({ name: 'AES-GCM', iv: 'nope' }, key, utf8('x'))),
      "TypeError: Incorrect type for the 'iv' field on 'EncryptAlgorithm': the provided value " +
      "is not of type 'BufferSource'.", 'iv type');
  },
};

export const cbcAndCtrKnownAnswers = {
  async test() {
    // NIST SP 800-38A F.2.1 (first block) — WebCrypto's AES-CBC then adds a PKCS #7 block.
    const cbc = await aesKey('AES-CBC', '2b7e151628aed2a6abf7158809cf4f3c');
    const iv = bytes('000102030405060708090a0b0c0d0e0f');
    const sealed = await subtle.encrypt({ name: 'AES-CBC', iv }, cbc,
      bytes('6bc1bee22e409f96e93d7e117393172a'));
    eq(sealed.byteLength, 32, 'one padding block');
    eq(hex(sealed).slice(0, 32), '7649abac8119b246cee98e9b12e9197d', 'F.2.1 block 1');
    eq(hex(await subtle.decrypt({ name: 'AES-CBC', iv }, cbc, sealed)),
      '6bc1bee22e409f96e93d7e117393172a', 'round trip');
    eq(await failure(() => subtle.decrypt({ name: 'AES-CBC', iv }, cbc, new Uint8Array(32))),
      'OperationError: Decryption failed. This could be due to a ciphertext authentication ' +
      'failure, bad padding, incorrect CryptoKey, or another algorithm-specific reason. Input ' +
      'length was 32, output length expected to be 16 for AES-CBC', 'bad padding');
    eq(await failure(() => subtle.encrypt({ name: 'AES-CBC', iv: new Uint8Array(8) }, cbc,
      utf8('x'))), 'OperationError: AES-CBC IV must be 16 bytes long (provided 8 bytes).', 'iv');

    // NIST SP 800-38A F.5.1 (CTR-AES128), first two blocks.
    const ctr = await aesKey('AES-CTR', '2b7e151628aed2a6abf7158809cf4f3c');
    const counter = bytes('f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff');
    const out = await subtle.encrypt({ name: 'AES-CTR', counter, length: 64 }, ctr,
      bytes('6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51'));
    eq(hex(out), '874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff', 'F.5.1');
  },
};

export const ctrCounterWraps = {
  async test() {
    // With an 8-bit counter at 0xff, block 2 uses counter 0x00 with the rest of the block kept
    // (WebCrypto §26.4), which is block 1 of a run started from that block.
    const key = await aesKey('AES-CTR', '000102030405060708090a0b0c0d0e0f');
    const data = new Uint8Array(32).fill(7);
    const start = bytes('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaff');
    const wrapped = await subtle.encrypt({ name: 'AES-CTR', counter: start, length: 8 }, key,
      data);
    const second = await subtle.encrypt({ name: 'AES-CTR',
      counter: bytes('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa00'), length: 8 }, key, data.subarray(16));
    eq(hex(wrapped).slice(32), hex(second), 'second block after the wrap');
    eq(hex(await subtle.decrypt({ name: 'AES-CTR', counter: start, length: 8 }, key, wrapped)),
      hex(data), 'decrypts');
    eq(await failure(() => subtle.encrypt({ name: 'AES-CTR', counter: start, length: 1 }, key,
      new Uint8Array(48))), 'OperationError: Counter block values will repeat', 'repeat');
    eq(await failure(() => subtle.encrypt({ name: 'AES-CTR', counter: start, length: 0 }, key,
      data)), 'OperationError: Invalid counter of 0 bits length provided.', 'length 0');
    eq(await failure(() => subtle.encrypt({ name: 'AES-CTR', length: 8 }, key, data)),
      'TypeError: Missing "counter" member in "algorithm".', 'no counter');
  },
};

export const keysGenerateImportExport = {
  async test() {
    for (const name of ['AES-GCM', 'AES-CBC', 'AES-CTR', 'AES-KW']) {
      const usages = name === 'AES-KW' ? ['wrapKey', 'unwrapKey'] : ['encrypt', 'decrypt'];
      const key = await subtle.generateKey({ name, length: 192 }, true, usages);
      eq(JSON.stringify(key.algorithm), `{"name":"${name}","length":192}`, `${name} algorithm`);
      const jwk = await subtle.exportKey('jwk', key);
      eq(jwk.alg, `A192${name.slice(4)}`, `${name} jwk alg`);
      eq(JSON.stringify(Object.keys(jwk)), '["kty","key_ops","alg","ext","k"]', 'jwk members');
      const back = await subtle.importKey('jwk', jwk, name, true, usages);
      eq(hex(await subtle.exportKey('raw', back)), hex(await subtle.exportKey('raw', key)),
        `${name} jwk round trip`);
    }
    eq(await failure(() => subtle.generateKey({ name: 'AES-GCM', length: 64 }, true,
      ['encrypt'])),
    'OperationError: Generated AES key length must be 128, 192, or 256 bits but requested 64.',
    'generate length');
    eq(await failure(() => subtle.generateKey({ name: 'AES-GCM' }, true, ['encrypt'])),
      'TypeError: Missing field "length" in "algorithm".', 'no length');
    eq(await failure(() => subtle.importKey('raw', new Uint8Array(10), 'AES-CBC', true,
      ['encrypt'])),
    'DataError: Imported AES key length must be 128, 192, or 256 bits but provided 80.', 'raw');
    eq(await failure(() => subtle.importKey('raw', new Uint8Array(16), 'AES-KW', true,
      ['encrypt'])),
    'SyntaxError: Attempt to import secret AES-KW key with invalid usage "encrypt".', 'KW usage');
    eq(await failure(() => subtle.importKey('jwk', { kty: 'oct', k: 'AAAAAAAAAAAAAAAAAAAAAA',
      alg: 'A128CBC' }, 'AES-GCM', true, ['encrypt'])),
    'DataError: Symmetric "jwk" key contains invalid "alg" value "A128CBC", expected "A128GCM".',
    'jwk alg');
    eq(await failure(() => subtle.importKey('jwk', { kty: 'oct', k: 'AAAAAAAAAAAAAAAAAAAAAA',
      key_ops: ['decrypt'] }, 'AES-GCM', true, ['encrypt'])),
    'DataError: "jwk" key missing usage "encrypt", in "key_ops".', 'jwk key_ops');
    const key = await subtle.generateKey({ name: 'AES-GCM', length: 128 }, true, ['encrypt']);
    eq(await failure(() => subtle.exportKey('pkcs8', key)),
      'NotSupportedError: AES-GCM key only supports exporting "raw" & "jwk", not "pkcs8".',
      'export format');
  },
};

export const wrapAndUnwrap = {
  async test() {
    // RFC 3394 §4.1: 128 bits of key data with a 128-bit KEK.
    const kek = await aesKey('AES-KW', '000102030405060708090a0b0c0d0e0f',
      ['wrapKey', 'unwrapKey']);
    const data = await subtle.importKey('raw', bytes('00112233445566778899aabbccddeeff'),
      'AES-GCM', true, ['encrypt', 'decrypt']);
    const wrapped = await subtle.wrapKey('raw', data, kek, 'AES-KW');
    eq(hex(wrapped), '1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5', 'RFC 3394 §4.1');
    const unwrapped = await subtle.unwrapKey('raw', wrapped, kek, 'AES-KW', 'AES-GCM', true,
      ['decrypt']);
    eq(hex(await subtle.exportKey('raw', unwrapped)), '00112233445566778899aabbccddeeff',
      'unwrapped');
    const corrupt = new Uint8Array(wrapped);
    corrupt[0] ^= 1;
    eq(await failure(() => subtle.unwrapKey('raw', corrupt, kek, 'AES-KW', 'AES-GCM', true,
      ['decrypt'])), 'OperationError: AES-KW key unwrapping failed', 'integrity check');
    eq(await failure(() => subtle.encrypt('AES-KW', kek, new Uint8Array(16))),
      'InvalidAccessError: Requested key usage "encrypt" does not match any usage listed in ' +
      'this CryptoKey.', 'KW cannot encrypt');

    // JWK wrapped by AES-GCM, then unwrapped into an HMAC key.
    const gcm = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false,
      ['wrapKey', 'unwrapKey']);
    const hmac = await subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, true, ['sign']);
    const iv = new Uint8Array(12);
    const sealed = await subtle.wrapKey('jwk', hmac, gcm, { name: 'AES-GCM', iv });
    const back = await subtle.unwrapKey('jwk', sealed, gcm, { name: 'AES-GCM', iv },
      { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const msg = utf8('hello');
    eq(hex(await subtle.sign('HMAC', back, msg)), hex(await subtle.sign('HMAC', hmac, msg)),
      'same key after the round trip');
    const locked = await subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    eq(await failure(() => subtle.wrapKey('raw', locked, gcm, { name: 'AES-GCM', iv })),
      'InvalidAccessError: Attempt to export non-extractable HMAC key.', 'non-extractable');
  },
};
