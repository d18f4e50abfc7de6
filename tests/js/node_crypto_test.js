// node:crypto (runtime-js/api/71_node_crypto.js, 72_node_crypto_cipher.js) against published
// vectors: FIPS 180 / RFC 1321 digests, RFC 4231 HMAC, RFC 6070 PBKDF2, RFC 7914 scrypt,
// NIST SP 800-38A (CBC, CTR) and the GCM specification's test cases.
import crypto, {
  createHash, createHmac, createCipheriv, createDecipheriv, randomBytes, randomInt, randomUUID,
  timingSafeEqual, pbkdf2, pbkdf2Sync, scrypt, scryptSync, webcrypto, subtle, getRandomValues,
} from 'node:crypto';
import assert from 'node:assert/strict';

const hex = (s) => Buffer.from(s, 'hex');

export const digests = {
  test() {
    assert.equal(createHash('md5').update('abc').digest('hex'), '900150983cd24fb0d6963f7d28e17f72');
    assert.equal(createHash('sha1').update('abc').digest('hex'), 'a9993e364706816aba3e25717850c26c9cd0d89d');
    assert.equal(createHash('sha256').update('abc').digest('hex'),
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(createHash('SHA384').update('abc').digest('hex'),
      'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7');
    assert.equal(createHash('sha512').update('abc').digest('hex'),
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd' +
      '454d4423643ce80e2a9ac94fa54ca49f');
    // Chunked input, encodings and copy().
    const hash = createHash('sha256').update('a');
    const copy = hash.copy();
    hash.update('bc');
    assert.equal(hash.digest('base64'), 'ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
    assert.equal(copy.update(Buffer.from('bc')).digest('base64url'), 'ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
    assert.ok(Buffer.isBuffer(createHash('md5').digest()));
    assert.equal(createHash('sha1').update('616263', 'hex').digest('hex'), 'a9993e364706816aba3e25717850c26c9cd0d89d');
    assert.equal(createHash('md5').update('abc').digest('latin1').length, 16);
    assert.equal(crypto.hash('sha1', 'abc'), 'a9993e364706816aba3e25717850c26c9cd0d89d');
    const done = createHash('sha1');
    done.digest();
    assert.throws(() => done.update('x'), { code: 'ERR_CRYPTO_HASH_FINALIZED', message: 'Digest already called' });
    assert.throws(() => createHash('sha3-999'), { message: 'Digest method not supported' });
    assert.throws(() => createHash('sha1').update(1), { code: 'ERR_INVALID_ARG_TYPE' });
  },
};

export const hmac = {
  test() {
    // RFC 4231 test cases 1 and 2.
    const key = Buffer.alloc(20, 0x0b);
    assert.equal(createHmac('sha256', key).update('Hi There').digest('hex'),
      'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7');
    assert.equal(createHmac('sha512', key).update('Hi ').update('There').digest('hex'),
      '87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde' +
      'daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854');
    assert.equal(createHmac('sha256', 'Jefe').update('what do ya want for nothing?').digest('hex'),
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    const h = createHmac('sha1', 'k');
    h.digest();
    assert.equal(h.digest('hex'), '');
    assert.throws(() => createHmac('nope', 'k'), { code: 'ERR_CRYPTO_INVALID_DIGEST', message: 'Invalid digest: nope' });
  },
};

export const random = {
  async test() {
    assert.equal(randomBytes(16).length, 16);
    const viaCallback = await new Promise((resolve, reject) =>
      randomBytes(8, (error, buf) => (error ? reject(error) : resolve(buf))));
    assert.equal(viaCallback.length, 8);
    assert.throws(() => randomBytes(-1), { code: 'ERR_OUT_OF_RANGE' });
    assert.match(randomUUID(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (let i = 0; i < 100; i++) {
      const n = randomInt(3, 7);
      assert.ok(n >= 3 && n < 7 && Number.isInteger(n));
      assert.ok(randomInt(5) < 5);
    }
    assert.throws(() => randomInt(5, 5), { code: 'ERR_OUT_OF_RANGE' });
    assert.equal(await new Promise((resolve) => randomInt(1, 2, (e, n) => resolve(n))), 1);
    const array = getRandomValues(new Uint32Array(4));
    assert.equal(array.length, 4);
    assert.equal(webcrypto, globalThis.crypto);
    assert.equal(subtle, globalThis.crypto.subtle);
    const filled = crypto.randomFillSync(Buffer.alloc(8), 4);
    assert.deepEqual([...filled.subarray(0, 4)], [0, 0, 0, 0]);
  },
};

export const timingSafe = {
  test() {
    assert.equal(timingSafeEqual(Buffer.from('abc'), Buffer.from('abc')), true);
    assert.equal(timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3])), false);
    assert.throws(() => timingSafeEqual(Buffer.from('a'), Buffer.from('ab')), {
      name: 'RangeError', code: 'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH',
      message: 'Input buffers must have the same byte length',
    });
    assert.throws(() => timingSafeEqual('a', Buffer.from('a')), {
      name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE',
      message: 'The "buf1" argument must be an instance of ArrayBuffer, Buffer, TypedArray, or DataView.',
    });
  },
};

export const kdfs = {
  async test() {
    // RFC 6070.
    assert.equal(pbkdf2Sync('password', 'salt', 1, 20, 'sha1').toString('hex'), '0c60c80f961f0e71f3a9b524af6012062fe037a6');
    assert.equal(pbkdf2Sync('password', 'salt', 4096, 20, 'sha1').toString('hex'), '4b007901b765489abead49d926f721d065a429c1');
    assert.equal(pbkdf2Sync('pass\0word', 'sa\0lt', 4096, 16, 'sha1').toString('hex'), '56fa6aa75548099dcc37d7f03425e0c3');
    const viaCallback = await new Promise((resolve, reject) =>
      pbkdf2('password', 'salt', 2, 20, 'sha1', (e, key) => (e ? reject(e) : resolve(key))));
    assert.equal(viaCallback.toString('hex'), 'ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957');
    assert.throws(() => pbkdf2Sync('p', 's', 0, 20, 'sha1'), { code: 'ERR_OUT_OF_RANGE' });
    assert.throws(() => pbkdf2Sync('p', 's', 1, 20, 'md4'), { code: 'ERR_CRYPTO_INVALID_DIGEST' });
    // RFC 7914 §12.
    assert.equal(scryptSync('', '', 64, { N: 16, r: 1, p: 1 }).toString('hex'),
      '77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442' +
      'fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906');
    const slow = await new Promise((resolve, reject) => scrypt('password', 'NaCl', 64,
      { cost: 1024, blockSize: 8, parallelization: 16 }, (e, key) => (e ? reject(e) : resolve(key))));
    assert.equal(slow.toString('hex'),
      'fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162' +
      '2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640');
    assert.throws(() => scryptSync('p', 's', 16, { N: 3 }), { code: 'ERR_CRYPTO_INVALID_SCRYPT_PARAMS' });
    // RFC 5869 A.1.
    const okm = crypto.hkdfSync('sha256', hex('0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b'),
      hex('000102030405060708090a0b0c'), hex('f0f1f2f3f4f5f6f7f8f9'), 42);
    assert.ok(okm instanceof ArrayBuffer);
    assert.equal(Buffer.from(okm).toString('hex'),
      '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865');
    assert.throws(() => crypto.hkdfSync('sha256', 'k', '', '', 255 * 32 + 1), { code: 'ERR_CRYPTO_INVALID_KEYLEN' });
  },
};

// NIST SP 800-38A F.2.1 / F.5.1 (first two blocks) and the GCM spec's test case 4.
const kKey128 = hex('2b7e151628aed2a6abf7158809cf4f3c');
const kPlain = hex('6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51');

export const aesCbcCtr = {
  test() {
    const iv = hex('000102030405060708090a0b0c0d0e0f');
    const cbc = createCipheriv('aes-128-cbc', kKey128, iv).setAutoPadding(false);
    const out = Buffer.concat([cbc.update(kPlain.subarray(0, 5)), cbc.update(kPlain.subarray(5)), cbc.final()]);
    assert.equal(out.toString('hex'), '7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2');
    const back = createDecipheriv('aes-128-cbc', kKey128, iv).setAutoPadding(false);
    assert.equal(back.update(out, undefined, 'hex') + back.final('hex'), kPlain.toString('hex'));
    // With padding: round trip of text, and a wrong key fails with Node's error.
    const enc = createCipheriv('aes-256-cbc', Buffer.alloc(32, 1), iv);
    const ct = enc.update('hello, world', 'utf8', 'base64') + enc.final('base64');
    const dec = createDecipheriv('aes-256-cbc', Buffer.alloc(32, 1), iv);
    assert.equal(dec.update(ct, 'base64', 'utf8') + dec.final('utf8'), 'hello, world');
    const wrong = createDecipheriv('aes-256-cbc', Buffer.alloc(32, 2), iv);
    wrong.update(ct, 'base64');
    assert.throws(() => wrong.final(), { code: 'ERR_OSSL_BAD_DECRYPT' });

    const ctr = createCipheriv('aes-128-ctr', kKey128, hex('f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff'));
    assert.equal(Buffer.concat([ctr.update(kPlain), ctr.final()]).toString('hex'),
      '874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff');

    assert.throws(() => createCipheriv('aes-128-cbc', Buffer.alloc(15), iv),
      { name: 'RangeError', code: 'ERR_CRYPTO_INVALID_KEYLEN', message: 'Invalid key length' });
    assert.throws(() => createCipheriv('aes-128-cbc', kKey128, Buffer.alloc(8)),
      { name: 'TypeError', code: 'ERR_CRYPTO_INVALID_IV', message: 'Invalid initialization vector' });
    assert.throws(() => createCipheriv('rc4', kKey128, iv), { name: 'Error', code: 'ERR_CRYPTO_UNKNOWN_CIPHER' });
    const finished = createCipheriv('aes-128-cbc', kKey128, iv);
    finished.final();
    assert.throws(() => finished.update('a'), { message: 'Trying to add data in unsupported state' });
    assert.throws(() => finished.final(), { code: 'ERR_CRYPTO_INVALID_STATE', message: 'Invalid state' });
    const unaligned = createCipheriv('aes-128-cbc', kKey128, iv).setAutoPadding(false);
    unaligned.update('abc');
    assert.throws(() => unaligned.final(), { code: 'ERR_OSSL_WRONG_FINAL_BLOCK_LENGTH' });
  },
};

export const aesGcm = {
  test() {
    const key = hex('feffe9928665731c6d6a8f9467308308');
    const iv = hex('cafebabefacedbaddecaf888');
    const aad = hex('feedfacedeadbeeffeedfacedeadbeefabaddad2');
    const plain = hex('d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72' +
      '1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39');
    const expected = '42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e' +
      '21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091';
    const cipher = createCipheriv('aes-128-gcm', key, iv).setAAD(aad);
    const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
    assert.equal(ct.toString('hex'), expected);
    assert.equal(cipher.getAuthTag().toString('hex'), '5bc94fbc3221a5db94fae95ae7121a47');

    const decipher = createDecipheriv('aes-128-gcm', key, iv);
    decipher.setAAD(aad).setAuthTag(hex('5bc94fbc3221a5db94fae95ae7121a47'));
    assert.deepEqual(Buffer.concat([decipher.update(ct), decipher.final()]), plain);

    const tampered = createDecipheriv('aes-128-gcm', key, iv);
    tampered.setAAD(aad).setAuthTag(Buffer.alloc(16));
    tampered.update(ct);
    assert.throws(() => tampered.final(), { message: 'Unsupported state or unable to authenticate data' });
    assert.throws(() => createCipheriv('aes-128-gcm', key, iv).getAuthTag(),
      { code: 'ERR_CRYPTO_INVALID_STATE', message: 'Invalid state for operation getAuthTag' });
    assert.throws(() => createDecipheriv('aes-128-gcm', key, iv).setAuthTag(Buffer.alloc(3)),
      { name: 'TypeError', code: 'ERR_CRYPTO_INVALID_AUTH_TAG', message: 'Invalid authentication tag length: 3' });
    // 256-bit key, short tag.
    const k256 = Buffer.alloc(32, 7);
    const short = createCipheriv('aes-256-gcm', k256, iv, { authTagLength: 8 });
    const sct = Buffer.concat([short.update('secret'), short.final()]);
    const tag = short.getAuthTag();
    assert.equal(tag.length, 8);
    const open = createDecipheriv('aes-256-gcm', k256, iv, { authTagLength: 8 }).setAuthTag(tag);
    assert.equal(open.update(sct, undefined, 'utf8') + open.final('utf8'), 'secret');
  },
};

export const bareName = {
  async test() {
    // `crypto` alone is `node:crypto` under nodejs_compat_v2 (implied by this test's date).
    const bare = await import('crypto');
    assert.equal(bare.createHash, createHash);
    assert.equal(bare.default, crypto);
    assert.ok(crypto.getHashes().includes('sha256'));
    assert.ok(crypto.getCiphers().includes('aes-256-gcm'));
  },
};
