// node:crypto's primes (73_node_crypto_prime.js), getCipherInfo, Certificate (SPKAC) and the
// remaining exports workerd has (Cipher, createCipher, fips, setEngine, secureHeapUsed, the
// KeyObject classes, CryptoKey): Node's documented results, known primes, and workerd's results
// and messages for bad input (checked against workerd 2026-04-26, nodejs_compat).
import crypto, {
  Certificate, checkPrime, checkPrimeSync, generatePrime, generatePrimeSync, getCipherInfo,
} from 'node:crypto';
import assert from 'node:assert/strict';

// An SPKAC made with `openssl spkac -key k.pem -challenge this-is-a-challenge -digest sha256`,
// and the same key's SPKI.
const kSpkac = 'MIIBTTCBtzCBnzANBgkqhkiG9w0BAQEFAAOBjQAwgYkCgYEAvsD+Jih+Wfctn7xmQYYlYjelZLj5y3cm1WpWJKye0b42vUdP' +
  'HMxCQkxNpJDsT1PAT/NTHKOu72xv7QmxdIHW0lFsljUphRhP3EEynWjoYzpMlD7s7/QRWJmcDx/3hFxZyojDLVGz3Gavryvr' +
  'N3Ma+HlOoRi9o0T067i2EbT3Q/MCAwEAARYTdGhpcy1pcy1hLWNoYWxsZW5nZTANBgkqhkiG9w0BAQsFAAOBgQCsqFWjMWFC' +
  '4Y7CyPo0OfIWXSgkhLdFYRMbY3Yez6mL53LFk69OcwtqNy2rtEi20742VEdE2NEs3J6Ckb/VqB5YOBhA5CbUvdiEV/vHEYIj' +
  'UlsjUo6g3mMj7SpXBFcrTgWhnamMijPI1ctmKhJ1WNcy1V5WairUC2xik4AdqktuCA==';
const kSpkacMd5 = 'MIIBTTCBtzCBnzANBgkqhkiG9w0BAQEFAAOBjQAwgYkCgYEAvsD+Jih+Wfctn7xmQYYlYjelZLj5y3cm1WpWJKye0b42vUdP' +
  'HMxCQkxNpJDsT1PAT/NTHKOu72xv7QmxdIHW0lFsljUphRhP3EEynWjoYzpMlD7s7/QRWJmcDx/3hFxZyojDLVGz3Gavryvr' +
  'N3Ma+HlOoRi9o0T067i2EbT3Q/MCAwEAARYTdGhpcy1pcy1hLWNoYWxsZW5nZTANBgkqhkiG9w0BAQQFAAOBgQAJfxjFMK8/' +
  'VBrpziFzpGf/StvkvvWaAXp5lvC37cbzj0zC01IgjRx1rPJY/bwrcsFv1WTU1AUzFHH6tEa9pomVgv8ufWSoqiqfnZHa46gn' +
  'zFmyYQKjUoRUG9SMw9TCanNz1aRddKIznRIyUXtwL5OkMDQI8EtceHAa9WLpH0Gv+A==';
const kPublicKey = '-----BEGIN PUBLIC KEY-----\n' +
  'MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC+wP4mKH5Z9y2fvGZBhiViN6Vk\n' +
  'uPnLdybValYkrJ7Rvja9R08czEJCTE2kkOxPU8BP81Mco67vbG/tCbF0gdbSUWyW\n' +
  'NSmFGE/cQTKdaOhjOkyUPuzv9BFYmZwPH/eEXFnKiMMtUbPcZq+vK+s3cxr4eU6h\n' +
  'GL2jRPTruLYRtPdD8wIDAQAB\n' +
  '-----END PUBLIC KEY-----\n';

export const primes = {
  async test() {
    // Known primes and composites: Mersenne M61 and M127 are prime, M67 is not (Cole, 1903);
    // 561 is a Carmichael number.
    for (const n of [2n, 3n, 17n, 2n ** 61n - 1n, 2n ** 127n - 1n]) assert.equal(checkPrimeSync(n), true, `${n}`);
    for (const n of [0n, 1n, 4n, 561n, 2n ** 67n - 1n, 2n ** 64n + 1n]) assert.equal(checkPrimeSync(n), false, `${n}`);
    assert.equal(checkPrimeSync(Buffer.from([0x11])), true);
    assert.equal(checkPrimeSync(new Uint8Array([0, 0, 7]).buffer), true);
    assert.equal(checkPrimeSync(Buffer.alloc(0)), false);
    // A candidate is its bytes, big-endian: Uint16Array [7] is 0x0700.
    assert.equal(checkPrimeSync(new Uint16Array([7])), false);
    assert.equal(checkPrimeSync(7n, { checks: 10 }), true);
    assert.deepEqual(await new Promise((resolve) => checkPrime(7n, (e, v) => resolve([e, v]))), [null, true]);
    assert.deepEqual(await new Promise((resolve) => checkPrime(8n, { checks: 3 }, (e, v) => resolve([e, v]))),
      [null, false]);

    const prime = generatePrimeSync(32);
    assert.ok(prime instanceof ArrayBuffer);
    assert.equal(prime.byteLength, 4);
    assert.ok(checkPrimeSync(prime));
    const big = generatePrimeSync(64, { bigint: true });
    assert.equal(typeof big, 'bigint');
    assert.equal(big.toString(2).length, 64);
    const safe = generatePrimeSync(64, { safe: true, bigint: true });
    assert.ok(checkPrimeSync(safe) && checkPrimeSync((safe - 1n) / 2n));
    assert.equal(generatePrimeSync(32, { add: 24n, rem: 23n, bigint: true }) % 24n, 23n);
    assert.equal(generatePrimeSync(32, { add: 12n, rem: 11n, bigint: true }) % 12n, 11n);
    assert.equal(generatePrimeSync(32, { add: 60n, rem: 59n, safe: true, bigint: true }) % 60n, 59n);
    assert.equal(generatePrimeSync(32, { add: Buffer.from([24]), rem: Buffer.from([23]), bigint: true }) % 24n, 23n);
    assert.ok([5n, 7n].includes(generatePrimeSync(3, { bigint: true })));
    assert.equal(generatePrimeSync(2, { bigint: true }), 3n);
    const viaCallback = await new Promise((resolve) => generatePrime(16, { bigint: true }, (e, v) => resolve([e, v])));
    assert.equal(viaCallback[0], null);
    assert.ok(checkPrimeSync(viaCallback[1]));
    assert.ok((await new Promise((resolve) => generatePrime(16, (e, v) => resolve(v)))) instanceof ArrayBuffer);
  },
};

export const primeBadInput = {
  async test() {
    const candidateTypes = 'of type bigint or an instance of ArrayBuffer, TypedArray, Buffer, or DataView';
    assert.throws(() => checkPrimeSync(7), {
      name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE',
      message: `The "candidate" argument must be ${candidateTypes}. Received type number (7)`,
    });
    assert.throws(() => checkPrimeSync(-7n), {
      name: 'RangeError', code: 'ERR_OUT_OF_RANGE',
      message: 'The value of "candidate" is out of range. It must be >= 0. Received -7n',
    });
    assert.throws(() => checkPrimeSync(7n, { checks: -1 }), {
      code: 'ERR_OUT_OF_RANGE',
      message: 'The value of "options.checks" is out of range. It must be >= 0 && <= 2147483647. Received -1',
    });
    assert.throws(() => checkPrimeSync(7n, { checks: 'a' }), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => checkPrimeSync(7n, null), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => checkPrimeSync(Buffer.alloc(1025, 1)), {
      name: 'RangeError', message: 'checkPrime candidate exceeds maximum size',
    });
    assert.throws(() => checkPrime(7n), {
      code: 'ERR_INVALID_ARG_TYPE', message: 'The "options" argument must be of type object. Received undefined',
    });
    assert.throws(() => checkPrime(7n, {}), { code: 'ERR_INVALID_ARG_TYPE', message: /"callback"/ });

    assert.throws(() => generatePrimeSync(0), {
      code: 'ERR_OUT_OF_RANGE',
      message: 'The value of "size" is out of range. It must be >= 1 && <= 2147483647. Received 0',
    });
    assert.throws(() => generatePrimeSync(1.5), { code: 'ERR_OUT_OF_RANGE', message: /must be an integer/ });
    assert.throws(() => generatePrimeSync('8'), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => generatePrimeSync(1), { name: 'Error', message: 'Error while generating prime' });
    assert.throws(() => generatePrimeSync(8193), { name: 'Error', message: 'Error while generating prime' });
    // No safe prime has 2, 4 or 5 bits: an error, not an endless search.
    for (const size of [2, 4, 5]) {
      assert.throws(() => generatePrimeSync(size, { safe: true }), { message: 'Error while generating prime' });
    }
    assert.throws(() => generatePrimeSync(32, { add: 10n, rem: 3n }), {
      name: 'RangeError', message: 'Invalid values for add and rem',
    });
    assert.throws(() => generatePrimeSync(32, { add: 24n }), { message: 'Invalid values for add and rem' });
    assert.throws(() => generatePrimeSync(4, { add: 24n, rem: 23n }), {
      name: 'RangeError', message: 'options.add must not be bigger than size of the requested prime',
    });
    assert.throws(() => generatePrimeSync(32, { add: -24n }), { code: 'ERR_OUT_OF_RANGE' });
    assert.throws(() => generatePrimeSync(32, { add: 24 }), {
      code: 'ERR_INVALID_ARG_TYPE',
      message: 'The "options.add" property must be of type bigint or an instance of ArrayBuffer, ' +
        'TypedArray, Buffer, or DataView. Received type number (24)',
    });
    assert.throws(() => generatePrimeSync(32, { safe: 1 }), {
      code: 'ERR_INVALID_ARG_TYPE',
      message: 'The "options.safe" property must be of type boolean. Received type number (1)',
    });
    assert.throws(() => generatePrimeSync(32, { bigint: 1 }), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => generatePrimeSync(32, 5), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => generatePrime(32), { code: 'ERR_INVALID_ARG_TYPE', message: /"callback"/ });
    // A failure after validation reaches the callback.
    const [error] = await new Promise((resolve) =>
      generatePrime(32, { add: 10n, rem: 3n }, (...args) => resolve(args)));
    assert.equal(error.message, 'Invalid values for add and rem');
  },
};

export const cipherInfo = {
  test() {
    // Node's docs: getCipherInfo('aes-256-gcm').
    assert.deepEqual(getCipherInfo('aes-256-gcm'),
      { name: 'id-aes256-GCM', nid: 901, blockSize: 1, ivLength: 12, keyLength: 32, mode: 'gcm' });
    const cbc = { name: 'AES-128-CBC', nid: 419, blockSize: 16, ivLength: 16, keyLength: 16, mode: 'cbc' };
    assert.deepEqual(getCipherInfo('aes-128-cbc'), cbc);
    assert.deepEqual(getCipherInfo('AES-128-CBC'), cbc);
    assert.deepEqual(getCipherInfo(419), cbc);
    assert.deepEqual(getCipherInfo('aes-192-ctr'),
      { name: 'AES-192-CTR', nid: 905, blockSize: 1, ivLength: 16, keyLength: 24, mode: 'ctr' });
    assert.deepEqual(getCipherInfo('aes-256-ecb'),
      { name: 'AES-256-ECB', nid: 426, blockSize: 16, ivLength: 0, keyLength: 32, mode: 'ecb' });
    for (const name of crypto.getCiphers()) assert.equal(typeof getCipherInfo(name), 'object', name);
    assert.deepEqual(getCipherInfo('aes-128-cbc', { keyLength: 16, ivLength: 16 }), cbc);
    assert.equal(getCipherInfo('aes-128-cbc', { keyLength: 32 }), undefined);
    assert.equal(getCipherInfo('aes-128-cbc', { ivLength: 12 }), undefined);
    // GCM takes any non-empty nonce.
    assert.equal(getCipherInfo('aes-128-gcm', { ivLength: 7 }).ivLength, 7);
    assert.equal(getCipherInfo('aes-128-gcm', { ivLength: 0 }), undefined);
    for (const unknown of ['nope', 'aes128', 'aes-128-xts', 99999, -1]) assert.equal(getCipherInfo(unknown), undefined);
    assert.throws(() => getCipherInfo(null), {
      name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE',
      message: 'The "nameOrId" argument must be one of type string or number. Received null',
    });
    assert.throws(() => getCipherInfo('aes-128-cbc', 5), { code: 'ERR_INVALID_ARG_TYPE' });
  },
};

export const certificate = {
  test() {
    // Node's docs: Certificate.exportChallenge / exportPublicKey / verifySpkac.
    assert.equal(Certificate.verifySpkac(Buffer.from(kSpkac)), true);
    assert.equal(Certificate.exportChallenge(kSpkac).toString('utf8'), 'this-is-a-challenge');
    assert.equal(Certificate.exportPublicKey(kSpkac).toString(), kPublicKey);
    // The legacy instance form, with or without `new`.
    const cert = Certificate();
    assert.ok(cert instanceof Certificate);
    assert.equal(cert.verifySpkac(Buffer.from(kSpkac)), true);
    assert.equal(new Certificate().exportChallenge(Buffer.from(kSpkac).toString('hex'), 'hex').toString(),
      'this-is-a-challenge');
    // OpenSSL, as in Node, still verifies an MD5 signature (workerd's BoringSSL does not) and
    // ignores surrounding whitespace.
    assert.equal(Certificate.verifySpkac(Buffer.from(kSpkacMd5)), true);
    assert.equal(Certificate.verifySpkac(Buffer.from(`${kSpkac}\n`)), true);
    // A changed signature or body fails; what is no SPKAC gives false or an empty Buffer.
    const tampered = Buffer.from(kSpkac, 'base64');
    tampered[tampered.length - 5] ^= 1;
    assert.equal(Certificate.verifySpkac(Buffer.from(tampered.toString('base64'))), false);
    for (const bad of ['garbage', '', Buffer.from(kSpkac, 'base64'), `SPKAC=${kSpkac}`]) {
      assert.equal(Certificate.verifySpkac(bad), false);
      assert.equal(Certificate.exportChallenge(bad).length, 0);
      assert.equal(Certificate.exportPublicKey(bad).length, 0);
    }
    assert.throws(() => Certificate.verifySpkac(5), {
      name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE',
      message: 'The "spkac" argument must be of type string or an instance of ArrayBuffer, Buffer, ' +
        'TypedArray, or DataView. Received type number (5)',
    });
  },
};

export const otherExports = {
  test() {
    const notImplemented = (what) => ({
      name: 'Error', code: 'ERR_METHOD_NOT_IMPLEMENTED', message: `The ${what} method is not implemented`,
    });
    assert.throws(() => crypto.createCipher('aes-256-cbc', 'pw'), notImplemented('createCipher'));
    assert.throws(() => crypto.createDecipher('aes-256-cbc', 'pw'), notImplemented('createDecipher'));
    assert.throws(() => crypto.Cipher(), notImplemented('Cipher'));
    assert.throws(() => crypto.Decipher(), notImplemented('Decipher'));
    assert.throws(() => new crypto.Cipher(), TypeError);
    assert.throws(() => crypto.setFips(true), notImplemented('setFips'));
    assert.throws(() => crypto.setEngine('x'), notImplemented('setEngine'));
    assert.equal(crypto.getFips(), 0);
    assert.equal(crypto.fips, 0);
    assert.deepEqual(crypto.secureHeapUsed(), { total: 0, used: 0, utilization: 0, min: 0 });
    assert.equal(crypto.CryptoKey, globalThis.CryptoKey);
    const { publicKey, privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    assert.ok(publicKey instanceof crypto.PublicKeyObject);
    assert.ok(privateKey instanceof crypto.PrivateKeyObject);
    assert.ok(crypto.createSecretKey(Buffer.alloc(4)) instanceof crypto.SecretKeyObject);
    assert.ok(publicKey instanceof crypto.KeyObject);
  },
};
