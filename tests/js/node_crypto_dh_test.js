// node:crypto's DiffieHellman and DiffieHellmanGroup (runtime-js/api/73_node_crypto_dh.js,
// src/api/crypto/node_dh_ops.cc): Node's documented exchanges, a textbook vector, and workerd's
// results and messages for bad input (checked against workerd 2026-04-26, nodejs_compat).
import crypto, {
  DiffieHellman, DiffieHellmanGroup, createDiffieHellman, createDiffieHellmanGroup, getDiffieHellman,
} from 'node:crypto';
import assert from 'node:assert/strict';

const kNotSuitableGenerator = 8;
const kUnableToCheckGenerator = 4;
const kNotSafePrime = 2;
const kNotPrime = 1;

export const groupsAgree = {
  test() {
    // Node's docs (crypto.getDiffieHellman): two parties agree on a secret over modp14.
    const alice = getDiffieHellman('modp14');
    const bob = getDiffieHellman('modp14');
    alice.generateKeys();
    bob.generateKeys();
    const aliceSecret = alice.computeSecret(bob.getPublicKey(), null, 'hex');
    const bobSecret = bob.computeSecret(alice.getPublicKey(), null, 'hex');
    assert.equal(aliceSecret, bobSecret);
    assert.equal(aliceSecret.length, 512);
    assert.ok(alice instanceof DiffieHellmanGroup);
    assert.ok(!(alice instanceof DiffieHellman));
    assert.equal(alice.getGenerator('hex'), '02');
    // BoringSSL's DH_check (workerd's) flags generator 2 for primes ≡ 23 (mod 24).
    assert.equal(alice.verifyError, kNotSuitableGenerator);
    assert.equal(alice.getPrivateKey().length, 256);
    assert.equal(typeof DiffieHellmanGroup.prototype.setPublicKey, 'undefined');
    const sizes = { modp14: 256, modp15: 384, modp16: 512, modp17: 768, modp18: 1024 };
    for (const [name, size] of Object.entries(sizes)) {
      assert.equal(createDiffieHellmanGroup(name).getPrime().length, size);
      assert.equal(DiffieHellmanGroup(name.toUpperCase()).getPrime().length, size);
    }
    // RFC 3526's 2048-bit prime begins and ends with 64 one bits.
    const prime = alice.getPrime('hex');
    assert.ok(prime.startsWith('ffffffffffffffffc90fdaa22168c234'));
    assert.ok(prime.endsWith('ffffffffffffffff'));
    const message = 'Failed to init DiffieHellmanGroup: invalid group. Only groups ' +
      '{modp14, modp15, modp16, modp17, modp18} are supported.';
    for (const name of ['modp1', 'modp2', 'modp5', 'modp14x', 'nope', undefined, 14]) {
      assert.throws(() => getDiffieHellman(name), { name: 'Error', message });
    }
  },
};

export const createdAgree = {
  test() {
    // Node's docs (crypto.createDiffieHellman), with a smaller size so the safe prime comes fast.
    const alice = createDiffieHellman(256);
    const aliceKey = alice.generateKeys();
    const bob = createDiffieHellman(alice.getPrime(), alice.getGenerator());
    const bobKey = bob.generateKeys();
    assert.ok(alice.computeSecret(bobKey).equals(bob.computeSecret(aliceKey)));
    assert.equal(alice.getPrime().length, 32);
    assert.equal(alice.getGenerator('hex'), '02');
    // Generated parameters suit their generator: no flags.
    assert.equal(alice.verifyError, 0);
    assert.equal(bob.verifyError, 0);
    const five = createDiffieHellman(64, 5);
    assert.equal(five.getGenerator('hex'), '05');
    assert.equal(five.verifyError, 0);
    const seven = createDiffieHellman(64, 7);
    assert.equal(seven.verifyError, kUnableToCheckGenerator);
    // A group's prime given back: encodings for the prime and the generator.
    const group = getDiffieHellman('modp14');
    const copy = createDiffieHellman(group.getPrime('base64'), 'base64', '05', 'hex');
    assert.equal(copy.getGenerator('hex'), '05');
    assert.equal(copy.getPrime('hex'), group.getPrime('hex'));
    // 5 suits primes ≡ 3 or 7 (mod 10); RFC 3526's are ≡ 1.
    assert.equal(copy.verifyError, kNotSuitableGenerator);
    // The second argument is the generator when it is no encoding; a falsy one means 2.
    assert.equal(createDiffieHellman(group.getPrime(), 5).getGenerator('hex'), '05');
    assert.equal(createDiffieHellman(group.getPrime(), 0).getGenerator('hex'), '02');
    assert.equal(createDiffieHellman('17', 'x').getGenerator('hex'), '78');
    assert.ok(DiffieHellman(Buffer.from([23])) instanceof DiffieHellman);
  },
};

export const knownAnswer = {
  test() {
    // The textbook exchange: p = 23, g = 5, a = 6, b = 15 → A = 8, B = 19, secret 2.
    const alice = createDiffieHellman(Buffer.from([23]), 5);
    const bob = createDiffieHellman(Buffer.from([23]), Buffer.from([5]));
    assert.equal(alice.setPrivateKey(Buffer.from([6])), alice);
    bob.setPrivateKey('0f', 'hex');
    assert.equal(alice.generateKeys('hex'), '08');
    assert.equal(bob.generateKeys('hex'), '13');
    assert.equal(alice.getPrivateKey('hex'), '06');
    assert.equal(alice.computeSecret(bob.getPublicKey()).toString('hex'), '02');
    assert.equal(bob.computeSecret('08', 'hex', 'hex'), '02');
    // The secret is padded to the prime's size.
    const wide = createDiffieHellman(Buffer.from([0x01, 0x01]), 3);
    wide.setPrivateKey(Buffer.from([1]));
    assert.equal(wide.computeSecret(Buffer.from([2])).toString('hex'), '0002');
    // A public key set is returned as given.
    bob.setPublicKey(Buffer.from('abcd', 'hex'));
    assert.equal(bob.getPublicKey('hex'), 'abcd');
    // verifyError: BoringSSL's DH_check on small groups.
    assert.equal(createDiffieHellman(Buffer.from([11]), 2).verifyError, 0);
    assert.equal(createDiffieHellman(Buffer.from([7]), 3).verifyError, kUnableToCheckGenerator);
    assert.equal(createDiffieHellman(Buffer.from([13]), 2).verifyError, kNotSuitableGenerator | kNotSafePrime);
    assert.equal(createDiffieHellman(Buffer.from([15]), 2).verifyError, kNotSuitableGenerator | kNotPrime);
  },
};

export const badInput = {
  test() {
    const typeMessage = (name, received) => `The "${name}" argument must be one of type number or string ` +
      `or an instance of ArrayBuffer, Buffer, TypedArray, or DataView. Received ${received}`;
    assert.throws(() => createDiffieHellman({}), {
      name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: typeMessage('sizeOrKey', 'an instance of Object'),
    });
    assert.throws(() => createDiffieHellman(Buffer.from([23]), {}), {
      name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: typeMessage('generator', 'an instance of Object'),
    });
    assert.throws(() => createDiffieHellman(512.5), {
      name: 'RangeError', code: 'ERR_OUT_OF_RANGE',
      message: 'The value of "sizeOrKey" is out of range. It must be an integer. Received 512.5',
    });
    assert.throws(() => createDiffieHellman(2 ** 31), { code: 'ERR_OUT_OF_RANGE' });
    assert.throws(() => createDiffieHellman(Buffer.from([23]), 5.5), { code: 'ERR_OUT_OF_RANGE' });
    const initError = (message, name = 'Error') => ({ name, message: `DiffieHellman init failed: ${message}` });
    assert.throws(() => createDiffieHellman(0), initError('could not generate parameters'));
    assert.throws(() => createDiffieHellman(-1), initError('could not generate parameters'));
    assert.throws(() => createDiffieHellman(2), initError('could not generate parameters'));
    assert.throws(() => createDiffieHellman(64, 1), initError('could not generate parameters'));
    assert.throws(() => createDiffieHellman(20000), initError('requested prime size too large', 'RangeError'));
    assert.throws(() => createDiffieHellman(64, Buffer.from([5])), initError('invalid parameters'));
    assert.throws(() => createDiffieHellman(Buffer.alloc(0)), initError('invalid key'));
    assert.throws(() => createDiffieHellman(Buffer.alloc(1251, 255)), initError('key is too large', 'RangeError'));
    assert.throws(() => createDiffieHellman(Buffer.from([23]), 1), initError('generator too small', 'RangeError'));
    assert.throws(() => createDiffieHellman(Buffer.from([23]), -2), initError('generator too small', 'RangeError'));
    assert.throws(() => createDiffieHellman(Buffer.from([23]), Buffer.from([1])), initError('invalid generator'));
    assert.throws(() => createDiffieHellman(Buffer.from([23]), Buffer.alloc(0)), initError('invalid generator'));
    assert.throws(() => createDiffieHellman(Buffer.from([1])), initError('Invalid DH prime generated'));
    assert.throws(() => createDiffieHellman(Buffer.from([24]), 5), initError('Invalid DH prime generated'));
    assert.throws(() => createDiffieHellman(Buffer.from([23]), 23), initError('Invalid DH prime generated'));

    const dh = getDiffieHellman('modp14');
    assert.throws(() => dh.getPublicKey(), { name: 'Error', message: 'No public key' });
    assert.throws(() => dh.getPrivateKey(), { name: 'Error', message: 'No private key' });
    const peer = getDiffieHellman('modp14').generateKeys();
    assert.throws(() => dh.computeSecret(peer), {
      name: 'Error', message: 'DiffieHellman computeSecret() failed: error computing shared secret',
    });
    dh.generateKeys();
    const secretError = (message, name = 'RangeError') =>
      ({ name, message: `DiffieHellman computeSecret() failed: ${message}` });
    assert.throws(() => dh.computeSecret(Buffer.alloc(0)), secretError('invalid key', 'Error'));
    assert.throws(() => dh.computeSecret(''), secretError('invalid key', 'Error'));
    assert.throws(() => dh.computeSecret(Buffer.from([1])), secretError('Supplied key is too small'));
    assert.throws(() => dh.computeSecret(new ArrayBuffer(256)), secretError('Supplied key is too small'));
    assert.throws(() => dh.computeSecret(dh.getPrime()), secretError('Supplied key is too large'));
    const pMinus1 = dh.getPrime();
    pMinus1[pMinus1.length - 1] -= 1;
    assert.throws(() => dh.computeSecret(pMinus1), secretError('Supplied key is too large'));
    pMinus1[pMinus1.length - 1] -= 1;
    assert.equal(dh.computeSecret(pMinus1).length, 256);
    assert.throws(() => dh.computeSecret(5), {
      name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE',
      message: 'The "key" argument must be of type string or an instance of ArrayBuffer, Buffer, ' +
        'TypedArray, or DataView. Received type number (5)',
    });
    assert.throws(() => dh.getPrime('nope'), { name: 'TypeError', code: 'ERR_UNKNOWN_ENCODING' });
    assert.throws(() => dh.computeSecret('0203', 'nope'), { code: 'ERR_UNKNOWN_ENCODING' });
    const plain = createDiffieHellman(Buffer.from([23]));
    assert.throws(() => plain.setPrivateKey(null), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => plain.setPublicKey(5), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.equal(crypto.DiffieHellman, DiffieHellman);
  },
};
