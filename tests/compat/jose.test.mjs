// jose (tests/compat/jose) bundled by edged: JWTs signed and verified in the Worker with
// HS256, RS256, ES256 and EdDSA, cross-checked against jose in Node both ways through exported
// JWKs; forged, tampered, expired and wrong-algorithm tokens are rejected; JWE round trips.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { missingPackages, serveCompatWorker } from './lib/serve.mjs';

const skip = missingPackages('jose');
const jose = skip ? null : await import('jose');
let edged;
before(async () => { if (!skip) edged = await serveCompatWorker('jose'); });
after(async () => { await edged?.stop(); });

const HS256_SECRET = new TextEncoder().encode('compat-jose-hs256-secret-of-32-bytes!');
const post = async (path, body) => {
  const res = await fetch(edged.url + path, { method: 'POST', body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
};
const verifyInWorker = (alg, token, jwk) => post('/verify', { alg, token, jwk });
const verifyOptions = (alg) => ({ algorithms: [alg], issuer: 'urn:edged:compat', audience: 'urn:edged:test' });

for (const alg of ['HS256', 'RS256', 'ES256', 'EdDSA']) {
  test(`${alg}: the Worker signs, verifies, and Node agrees`, { skip }, async () => {
    const signed = await post('/sign', { alg, claims: { sub: 'ada', role: 'admin' } });
    assert.equal(signed.status, 200, JSON.stringify(signed.body));
    const { token } = signed.body;

    const verified = await verifyInWorker(alg, token);
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    assert.equal(verified.body.payload.sub, 'ada');
    assert.equal(verified.body.payload.role, 'admin');
    assert.equal(verified.body.payload.exp - verified.body.payload.iat, 120);
    assert.deepEqual(verified.body.protectedHeader, { alg, kid: `${alg}-key` });

    const key = alg === 'HS256' ? HS256_SECRET : await jose.importJWK((await (await fetch(edged.url + '/keys')).json())[alg], alg);
    const inNode = await jose.jwtVerify(token, key, verifyOptions(alg));
    assert.equal(inNode.payload.sub, 'ada');

    const [h, p, s] = token.split('.');
    const forgedClaims = Buffer.from(JSON.stringify({ ...verified.body.payload, role: 'root' })).toString('base64url');
    const forged = await verifyInWorker(alg, `${h}.${forgedClaims}.${s}`);
    assert.equal(forged.status, 401);
    assert.equal(forged.body.code, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    const flipped = s[5] === 'A' ? 'B' : 'A';
    const tampered = await verifyInWorker(alg, `${h}.${p}.${s.slice(0, 5)}${flipped}${s.slice(6)}`);
    assert.equal(tampered.status, 401);
  });
}

test('tokens signed in Node verify in the Worker through importJWK', { skip }, async () => {
  for (const alg of ['RS256', 'ES256', 'EdDSA']) {
    const { publicKey, privateKey } = await jose.generateKeyPair(alg, { extractable: true });
    const token = await new jose.SignJWT({ sub: 'from-node' })
      .setProtectedHeader({ alg })
      .setIssuer('urn:edged:compat')
      .setAudience('urn:edged:test')
      .setExpirationTime('1m')
      .sign(privateKey);
    const jwk = await jose.exportJWK(publicKey);
    const verified = await verifyInWorker(alg, token, jwk);
    assert.equal(verified.status, 200, `${alg}: ${JSON.stringify(verified.body)}`);
    assert.equal(verified.body.payload.sub, 'from-node');
    const other = await jose.exportJWK((await jose.generateKeyPair(alg, { extractable: true })).publicKey);
    assert.equal((await verifyInWorker(alg, token, other)).body.code, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  }
});

test('exportJWK gives well-formed public keys', { skip }, async () => {
  const keys = await (await fetch(edged.url + '/keys')).json();
  assert.equal(keys.RS256.kty, 'RSA');
  assert.equal(keys.RS256.e, 'AQAB');
  assert.ok(Buffer.from(keys.RS256.n, 'base64url').length >= 256);
  assert.deepEqual([keys.ES256.kty, keys.ES256.crv], ['EC', 'P-256']);
  assert.equal(Buffer.from(keys.ES256.x, 'base64url').length, 32);
  assert.deepEqual([keys.EdDSA.kty, keys.EdDSA.crv], ['OKP', 'Ed25519']);
  for (const key of Object.values(keys)) assert.equal(key.d, undefined);
});

test('rejections: expired, wrong audience, alg confusion, alg none', { skip }, async () => {
  const expired = await new jose.SignJWT({ sub: 'old' })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('urn:edged:compat')
    .setAudience('urn:edged:test')
    .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
    .sign(HS256_SECRET);
  assert.equal((await verifyInWorker('HS256', expired)).body.code, 'ERR_JWT_EXPIRED');

  const wrongAudience = await new jose.SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('urn:edged:compat')
    .setAudience('urn:someone:else')
    .sign(HS256_SECRET);
  assert.equal((await verifyInWorker('HS256', wrongAudience)).body.code, 'ERR_JWT_CLAIM_VALIDATION_FAILED');

  const hs = (await post('/sign', { alg: 'HS256', claims: {} })).body.token;
  assert.equal((await verifyInWorker('RS256', hs)).body.code, 'ERR_JOSE_ALG_NOT_ALLOWED');

  const unsigned = new jose.UnsecuredJWT({ sub: 'none' }).setIssuer('urn:edged:compat').setAudience('urn:edged:test').encode();
  assert.equal((await verifyInWorker('HS256', unsigned)).body.code, 'ERR_JOSE_ALG_NOT_ALLOWED');
});

test('JWE: dir/A256GCM, RSA-OAEP-256 and ECDH-ES+A256KW round trips', { skip }, async () => {
  const res = await fetch(edged.url + '/jwe');
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  assert.deepEqual(body.dir, { plaintext: 'direct secret', header: { alg: 'dir', enc: 'A256GCM' }, parts: 5 });
  assert.deepEqual(body.rsa, { plaintext: 'wrapped secret', header: { alg: 'RSA-OAEP-256', enc: 'A128CBC-HS256' }, parts: 5 });
  assert.equal(body.ecdh.plaintext, 'agreed secret');
  assert.equal(body.ecdh.header.epk.crv, 'P-256');
  assert.equal(body.wrongKey, 'ERR_JWE_DECRYPTION_FAILED');
});
