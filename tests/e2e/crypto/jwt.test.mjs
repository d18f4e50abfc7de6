// A user's JWT session: a Worker signs HS256 and RS256 tokens with crypto.subtle (keys from its
// vars: an HMAC secret and PEM keys made by node:crypto) and Node verifies them; Node signs
// tokens and the Worker verifies them, refusing tampered ones.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { startEdged } from '../lib/edged.mjs';

const secret = crypto.randomBytes(32).toString('base64url');
const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = privateKey.export({ format: 'pem', type: 'pkcs8' });
const publicPem = publicKey.export({ format: 'pem', type: 'spki' });

// The Worker, as a user would write it: no libraries, WebCrypto only.
const worker = `
const enc = new TextEncoder();
const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)))
  .replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
const fromB64url = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')),
  (c) => c.charCodeAt(0));
const pemBody = (pem) => fromB64url(pem.replace(/-----[^-]+-----/g, '').replace(/\\s+/g, ''));

const keys = (env) => ({
  HS256: {
    algorithm: { name: 'HMAC' },
    sign: crypto.subtle.importKey('raw', fromB64url(env.JWT_SECRET),
      { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']),
  },
  RS256: {
    algorithm: { name: 'RSASSA-PKCS1-v1_5' },
    sign: crypto.subtle.importKey('pkcs8', pemBody(env.RSA_PRIVATE_PEM),
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']),
    verify: crypto.subtle.importKey('spki', pemBody(env.RSA_PUBLIC_PEM),
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']),
  },
});

async function sign(env, alg, claims) {
  const key = keys(env)[alg];
  const input = b64url(enc.encode(JSON.stringify({ alg, typ: 'JWT' }))) + '.' +
    b64url(enc.encode(JSON.stringify(claims)));
  const signature = await crypto.subtle.sign(key.algorithm, await key.sign, enc.encode(input));
  return input + '.' + b64url(signature);
}

async function verify(env, token) {
  const [header, payload, signature] = token.split('.');
  const { alg } = JSON.parse(new TextDecoder().decode(fromB64url(header)));
  const key = keys(env)[alg];
  const valid = await crypto.subtle.verify(key.algorithm, await (key.verify ?? key.sign),
    fromB64url(signature), enc.encode(header + '.' + payload));
  const claims = valid ? JSON.parse(new TextDecoder().decode(fromB64url(payload))) : null;
  return { alg, valid, claims };
}

export default {
  async fetch(request, env) {
    const body = await request.json();
    if (new URL(request.url).pathname === '/sign') {
      const [HS256, RS256] = [await sign(env, 'HS256', body), await sign(env, 'RS256', body)];
      return Response.json({ HS256, RS256 });
    }
    return Response.json(await verify(env, body.token));
  },
};
`;

const b64url = (data) => Buffer.from(data).toString('base64url');
function nodeSign(alg, claims) {
  const input = `${b64url(JSON.stringify({ alg, typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}`;
  const signature = alg === 'HS256'
    ? crypto.createHmac('sha256', Buffer.from(secret, 'base64url')).update(input).digest()
    : crypto.sign('sha256', Buffer.from(input), privateKey);
  return `${input}.${b64url(signature)}`;
}
function nodeVerify(token) {
  const [header, payload, signature] = token.split('.');
  const { alg } = JSON.parse(Buffer.from(header, 'base64url'));
  const input = Buffer.from(`${header}.${payload}`);
  const sig = Buffer.from(signature, 'base64url');
  if (alg === 'HS256') {
    const want = crypto.createHmac('sha256', Buffer.from(secret, 'base64url')).update(input)
      .digest();
    return want.length === sig.length && crypto.timingSafeEqual(want, sig);
  }
  return crypto.verify('sha256', input, publicKey, sig);
}

let edged;
const post = async (path, body) => {
  const response = await fetch(edged.url + path, { method: 'POST', body: JSON.stringify(body) });
  assert.equal(response.status, 200, await response.clone().text());
  return response.json();
};

before(async () => {
  edged = await startEdged({
    files: {
      'wrangler.jsonc': {
        name: 'jwt', main: 'index.js', compatibility_date: '2025-09-01',
        vars: { JWT_SECRET: secret, RSA_PRIVATE_PEM: privatePem, RSA_PUBLIC_PEM: publicPem },
      },
      'index.js': worker,
    },
  });
});
after(async () => { await edged?.stop(); });

test('tokens the Worker signs verify in Node', async () => {
  const claims = { sub: 'user-1', admin: true, iat: 1700000000 };
  const tokens = await post('/sign', claims);
  for (const alg of ['HS256', 'RS256']) {
    const token = tokens[alg];
    assert.equal(nodeVerify(token), true, `${alg} verifies`);
    assert.deepEqual(JSON.parse(Buffer.from(token.split('.')[1], 'base64url')), claims);
    assert.equal(token, nodeSign(alg, claims), `${alg} is byte-identical to Node's`);
  }
});

test('tokens Node signs verify in the Worker, tampered ones do not', async () => {
  const claims = { sub: 'user-2', scope: ['read', 'write'] };
  for (const alg of ['HS256', 'RS256']) {
    const token = nodeSign(alg, claims);
    assert.deepEqual(await post('/verify', { token }), { alg, valid: true, claims });
    const [h, p, s] = token.split('.');
    const forged = `${h}.${b64url(JSON.stringify({ ...claims, sub: 'admin' }))}.${s}`;
    assert.deepEqual(await post('/verify', { token: forged }), { alg, valid: false, claims: null });
  }
});
