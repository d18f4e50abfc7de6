// RSASSA-PKCS1-v1_5, RSA-PSS and RSA-OAEP through crypto.subtle: generation, SPKI/PKCS #8/JWK
// round trips, a key, a signature and a ciphertext made by Node's crypto, and workerd's errors
// (including its strict_crypto_checks limits on sizes and exponents).
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
const e65537 = new Uint8Array([1, 0, 1]);
const generate = (name, hash = 'SHA-256', modulusLength = 1024) => subtle.generateKey(
  { name, modulusLength, publicExponent: e65537, hash }, true,
  name === 'RSA-OAEP' ? ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'] : ['sign', 'verify']);

export const signVerifyAcrossFormats = {
  async test() {
    const msg = utf8('sign me');
    for (const [name, params] of [['RSASSA-PKCS1-v1_5', { name: 'RSASSA-PKCS1-v1_5' }],
      ['RSA-PSS', { name: 'RSA-PSS', saltLength: 32 }]]) {
      const { publicKey, privateKey } = await generate(name);
      eq(JSON.stringify(publicKey.algorithm), `{"name":"${name}","modulusLength":1024,` +
        '"publicExponent":{"0":1,"1":0,"2":1},"hash":{"name":"SHA-256"}}', `${name} algorithm`);
      eq(publicKey.algorithm.publicExponent instanceof Uint8Array, true, 'exponent type');
      const sig = await subtle.sign(params, privateKey, msg);
      eq(sig.byteLength, 128, `${name} signature size`);
      for (const format of ['spki', 'jwk']) {
        const data = await subtle.exportKey(format, publicKey);
        const key = await subtle.importKey(format, data, { name, hash: 'SHA-256' }, true,
          ['verify']);
        eq(await subtle.verify(params, key, sig, msg), true, `${name} verify via ${format}`);
        eq(await subtle.verify(params, key, sig, utf8('other')), false, `${name} other message`);
      }
      for (const format of ['pkcs8', 'jwk']) {
        const data = await subtle.exportKey(format, privateKey);
        const key = await subtle.importKey(format, data, { name, hash: 'SHA-256' }, false,
          ['sign']);
        const again = await subtle.sign(params, key, msg);
        eq(await subtle.verify(params, publicKey, again, msg), true, `${name} ${format} signer`);
      }
    }
    const { privateKey } = await generate('RSASSA-PKCS1-v1_5', 'SHA-512');
    const jwk = await subtle.exportKey('jwk', privateKey);
    eq(`${jwk.kty} ${jwk.alg} ${Object.keys(jwk).join()}`,
      'RSA RS512 kty,key_ops,alg,ext,d,n,e,p,q,dp,dq,qi', 'private jwk (workerd member order)');
    const pss = await generate('RSA-PSS', 'SHA-1');
    eq((await subtle.exportKey('jwk', pss.publicKey)).alg, 'PS1', 'PSS jwk alg');
  },
};

// Made with Node's crypto: a 1024-bit key; RSASSA-PKCS1-v1_5 SHA-256 over "edged interop";
// RSA-OAEP SHA-256 with label "label" of the same message.
const kNodePkcs8 =
  'MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBAJkJx6VK85bGRGQFFdyUj0rBn86UKJNduHOO6QGJ' +
  'jDmO0eUxXoyttz4tvA8DirSLe5vFgyVbGydzsD6abh+XJkY39j/DGMkuNuGKlnL/y+/d6/m+xyi/xSichtVHZEoQ' +
  'rIcHsv2scglZXGmDEmI8nQvGNrbq6i6Ps9qef5W0LxFPAgMBAAECgYEAi7MqxU+7Nup8adVelIIkn/hKWjhTJdsK' +
  '0qolN1sJX01pe0/q4H5/ZMo4/necOZ2OU68kPYiCLCxmOW+dkUbYDx4BDXrjqJzK3HN7wsGZsgWUBPE96P4L1wKw' +
  'ghsoR4N0/Jczr2oZrquXy8xQtihpLS3j4KqQljMjMdZBulri9YECQQDJQRY7XGGAjFb+bt0iSSxgDAub6LzowLp5' +
  '6w47ljYyNHKSye0RGJduBRvtz2y0NWVviatAl/1W1l8Z/EWbJ9NBAkEAwqsICrc+AHhNj0GQJqx5XxTxPeNUE/dG' +
  'n6FQzC5Uc3eCtUay03G/TEZJmUPAxTotUMDdPBOIoiosaU/waLwQjwJABOBi3YVbh3XfFcMx8Ia9YIZqMZjuGuWw' +
  'nwunCKKXJZhHvm7OI7/oy22sQ5LnG2a/0ngPgj0sklIXc9W9CglpAQJAAnZhYqlQunbLHF3K8gJKgr5kEtFWVe5R' +
  '0WEcAYkwfklruNlNF8mfjtpwweSOgrAqtJPL+J+SoeKAr1BYjSqb1wJASMaTFA6eg6XX9FFHhYPGpYuDhuWEMBve' +
  'GpmcWHSV5N3b0ZwmNzmMULjgjh830WmogboK2SOp03HTGeTQgS1EJw==';
const kNodeSpki =
  'MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCZCcelSvOWxkRkBRXclI9KwZ/OlCiTXbhzjukBiYw5jtHlMV6M' +
  'rbc+LbwPA4q0i3ubxYMlWxsnc7A+mm4flyZGN/Y/wxjJLjbhipZy/8vv3ev5vscov8UonIbVR2RKEKyHB7L9rHIJ' +
  'WVxpgxJiPJ0Lxja26uouj7Pann+VtC8RTwIDAQAB';
const kNodeSig = '286b0e9d37b118cd3ab26167d5e78ccc41973c049e6cfabe718fed85ed6c1861' +
  '4925a4f994b75855cb6b4beab80fd7329fa9c3512fc962d14e5e460496a9f8dd' +
  '9fc533bbf85ab5328f7c3304faaafb2a309e39f6505fcfeb23f9a1d3fe6f4a06' +
  '0e65f03ff68ae461b0543c00138851b0e6ac9786f1ee8ffc8caf90554aa505b5';
const kNodeOaep = '053e126829042e8ca64320eaa069f372abe6fb63ac25a303ac6a3dfe85976ff3' +
  '01cfc958bad04494d74d1a84ffc390586d3361930672d7641aef37c5f7ef4fa8' +
  'd96ea77297dfae6fdaffc63a52b39dfc6077a6e8d06bfaa88fc9af8050b57b89' +
  'cc81b7a1fbd7c9ea22d95f4100744585ceb13b1b7f3143cfd8540e387db4a4bd';

export const interoperatesWithNode = {
  async test() {
    const msg = utf8('edged interop');
    const rs256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    const signer = await subtle.importKey('pkcs8', b64(kNodePkcs8), rs256, false, ['sign']);
    // PKCS #1 v1.5 signatures are deterministic: the same bytes Node produced.
    eq(hex(await subtle.sign('RSASSA-PKCS1-v1_5', signer, msg)), kNodeSig, 'same signature');
    const verifier = await subtle.importKey('spki', b64(kNodeSpki), rs256, false, ['verify']);
    eq(await subtle.verify(rs256, verifier, bytes(kNodeSig), msg), true, 'node signature');
    const oaep = { name: 'RSA-OAEP', hash: 'SHA-256' };
    const decrypter = await subtle.importKey('pkcs8', b64(kNodePkcs8), oaep, false, ['decrypt']);
    const plain = await subtle.decrypt({ name: 'RSA-OAEP', label: utf8('label') }, decrypter,
      bytes(kNodeOaep));
    eq(new TextDecoder().decode(plain), 'edged interop', 'node ciphertext');
    eq(await failure(() => subtle.decrypt({ name: 'RSA-OAEP' }, decrypter, bytes(kNodeOaep))),
      'OperationError: RSA-OAEP failed encrypt/decrypt', 'label missing');
  },
};

export const oaepRoundTripsAndWrapsKeys = {
  async test() {
    const { publicKey, privateKey } = await generate('RSA-OAEP', 'SHA-1');
    const sealed = await subtle.encrypt({ name: 'RSA-OAEP', label: utf8('l') }, publicKey,
      utf8('secret'));
    eq(sealed.byteLength, 128, 'ciphertext size');
    eq(new TextDecoder().decode(await subtle.decrypt({ name: 'RSA-OAEP', label: utf8('l') },
      privateKey, sealed)), 'secret', 'round trip');
    eq((await subtle.exportKey('jwk', publicKey)).alg, 'RSA-OAEP', 'SHA-1 jwk alg');
    const aes = await subtle.generateKey({ name: 'AES-GCM', length: 128 }, true, ['encrypt']);
    const wrapped = await subtle.wrapKey('raw', aes, publicKey, 'RSA-OAEP');
    const back = await subtle.unwrapKey('raw', wrapped, privateKey, 'RSA-OAEP', 'AES-GCM', true,
      ['encrypt']);
    eq(hex(await subtle.exportKey('raw', back)), hex(await subtle.exportKey('raw', aes)),
      'wrapKey/unwrapKey');
    eq(await failure(() => subtle.encrypt('RSA-OAEP', publicKey, new Uint8Array(100))),
      'OperationError: RSA-OAEP failed encrypt/decrypt', 'too long for the key');
  },
};

export const rsaErrors = {
  async test() {
    const generateWith = (params) => subtle.generateKey({ name: 'RSA-PSS', hash: 'SHA-256',
      modulusLength: 1024, publicExponent: e65537, ...params }, true, ['sign']);
    eq(await failure(() => generateWith({ publicExponent: new Uint8Array([5]) })),
      'OperationError: The "publicExponent" must be either 3 or 65537, but got 5.', 'exponent');
    eq(await failure(() => generateWith({ modulusLength: 1004 })),
      'OperationError: The modulus length must be a multiple of 8 and between 256 and 16k, but ' +
      '1004 was requested.', 'modulus size');
    eq(await failure(() => generateWith({ modulusLength: 1032 })),
      "OperationError: Can't generate key: RSA key size is required to be a multiple of 128",
      'multiple of 128');
    eq(await failure(() => generateWith({ publicExponent: undefined })),
      'TypeError: Missing field "publicExponent" in "algorithm".', 'no exponent');
    eq(await failure(() => generateWith({ hash: undefined })),
      'TypeError: Missing field "hash" in "algorithm".', 'no hash');

    const { publicKey, privateKey } = await generate('RSA-PSS');
    eq(await failure(() => subtle.sign('RSA-PSS', privateKey, utf8('m'))),
      'DataError: Failed to provide salt for RSA-PSS key operation which requires a salt',
      'sign without salt');
    eq(await failure(() => subtle.verify('RSA-PSS', publicKey, new Uint8Array(128), utf8('m'))),
      'TypeError: Failed to provide salt for RSA-PSS key operation which requires a salt',
      'verify without salt');
    eq(await failure(() => subtle.sign({ name: 'RSA-PSS', saltLength: 100 }, privateKey,
      utf8('m'))), 'OperationError: key too small for signing with given digest and salt length',
    'salt too long');
    eq(await failure(() => subtle.exportKey('raw', publicKey)),
      'InvalidAccessError: Cannot export "RSA-PSS" in "raw" format.', 'raw');
    eq(await failure(() => subtle.exportKey('spki', privateKey)),
      'InvalidAccessError: Asymmetric spki export requires public key (not "private").', 'spki');
    const small = await subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512',
      modulusLength: 512, publicExponent: e65537 }, false, ['sign']);
    eq(await failure(() => subtle.sign('RSASSA-PKCS1-v1_5', small.privateKey, utf8('m'))),
      'OperationError: key too small for signing with given digest, need at least 768bits.',
      'key too small');
    const spki = await subtle.exportKey('spki', publicKey);
    eq(await failure(() => subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-256' },
      true, ['verify'])), 'DataError: Input was not an EC key', 'RSA key as EC');
    const ec = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
    eq(await failure(async () => subtle.importKey('spki', await subtle.exportKey('spki',
      ec.publicKey), { name: 'RSA-PSS', hash: 'SHA-256' }, true, ['verify'])),
    'DataError: Input was not an RSA key', 'EC key as RSA');
    const jwk = await subtle.exportKey('jwk', privateKey);
    eq(await failure(() => subtle.importKey('jwk', { ...jwk, alg: 'PS384' },
      { name: 'RSA-PSS', hash: 'SHA-256' }, true, ['sign'])),
    'DataError: JSON Web Key Algorithm parameter "alg" ("PS384") does not match requested hash ' +
      'algorithm "PS384".', 'jwk alg');
    eq(await failure(() => subtle.importKey('jwk', { ...jwk, alg: undefined, qi: undefined },
      { name: 'RSA-PSS', hash: 'SHA-256' }, true, ['sign'])),
    'DataError: Invalid RSA private key in JSON Web Key; if one Prime Factor or CRT ' +
      'Exponent/Coefficient parameter is present, then they must all be present ("p", "q", ' +
      '"dp", "dq", "qi").', 'partial CRT');
    eq(await failure(() => subtle.importKey('jwk', { ...jwk, p: jwk.q },
      { name: 'RSA-PSS', hash: 'SHA-256' }, true, ['sign'])),
    'DataError: Invalid RSA key in JSON Web Key.', 'inconsistent primes');
    eq(await failure(() => subtle.importKey('jwk', { ...jwk, use: 'enc' },
      { name: 'RSA-PSS', hash: 'SHA-256' }, true, ['sign'])),
    'DataError: Asymmetric "jwk" key import with usages requires a JSON Web Key with Public Key ' +
      'Use parameter "use" ("enc") equal to "sig".', 'jwk use');
  },
};
