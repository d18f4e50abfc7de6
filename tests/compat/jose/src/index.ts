// jose inside a Worker: key pairs generated per algorithm (on first use: Workers forbid random
// values at startup), JWTs signed and verified, keys moved as JWKs, and JWE round trips.
import {
  CompactEncrypt,
  compactDecrypt,
  exportJWK,
  generateKeyPair,
  generateSecret,
  importJWK,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWK,
} from "jose";

type Env = { HS256_SECRET: string };
type Pair = { publicKey: CryptoKey; privateKey: CryptoKey };

const ASYMMETRIC = ["RS256", "ES256", "EdDSA"] as const;
const pairs = new Map<string, Promise<Pair>>();

function pairFor(alg: string): Promise<Pair> {
  let pair = pairs.get(alg);
  if (!pair) {
    pair = generateKeyPair(alg, { extractable: true });
    pairs.set(alg, pair);
  }
  return pair;
}

async function signingKey(alg: string, env: Env) {
  if (alg === "HS256") return new TextEncoder().encode(env.HS256_SECRET);
  return (await pairFor(alg)).privateKey;
}

async function verifyingKey(alg: string, env: Env, jwk?: JWK) {
  if (jwk) return importJWK(jwk, alg);
  if (alg === "HS256") return new TextEncoder().encode(env.HS256_SECRET);
  return (await pairFor(alg)).publicKey;
}

const json = (body: unknown, status = 200) => Response.json(body, { status });

async function jweRoundTrips() {
  const secret = await generateSecret("A256GCM");
  const direct = await new CompactEncrypt(new TextEncoder().encode("direct secret"))
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .encrypt(secret);
  const rsa = await generateKeyPair("RSA-OAEP-256");
  const wrapped = await new CompactEncrypt(new TextEncoder().encode("wrapped secret"))
    .setProtectedHeader({ alg: "RSA-OAEP-256", enc: "A128CBC-HS256" })
    .encrypt(rsa.publicKey);
  const ecdh = await generateKeyPair("ECDH-ES+A256KW", { crv: "P-256" });
  const agreed = await new CompactEncrypt(new TextEncoder().encode("agreed secret"))
    .setProtectedHeader({ alg: "ECDH-ES+A256KW", enc: "A256GCM" })
    .encrypt(ecdh.publicKey);
  const open = async (jwe: string, key: CryptoKey | Uint8Array) => {
    const { plaintext, protectedHeader } = await compactDecrypt(jwe, key);
    return { plaintext: new TextDecoder().decode(plaintext), header: protectedHeader, parts: jwe.split(".").length };
  };
  let wrongKey = "no error";
  try {
    await compactDecrypt(direct, await generateSecret("A256GCM"));
  } catch (e) {
    wrongKey = (e as { code?: string }).code ?? String(e);
  }
  return {
    dir: await open(direct, secret),
    rsa: await open(wrapped, rsa.privateKey),
    ecdh: await open(agreed, ecdh.privateKey),
    wrongKey,
  };
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    try {
      if (url.pathname === "/keys") {
        const keys: Record<string, JWK> = {};
        for (const alg of ASYMMETRIC) keys[alg] = await exportJWK((await pairFor(alg)).publicKey);
        return json(keys);
      }
      if (url.pathname === "/sign" && request.method === "POST") {
        const { alg, claims } = await request.json<{ alg: string; claims: Record<string, unknown> }>();
        const token = await new SignJWT(claims)
          .setProtectedHeader({ alg, kid: `${alg}-key` })
          .setIssuedAt()
          .setIssuer("urn:edged:compat")
          .setAudience("urn:edged:test")
          .setExpirationTime("2m")
          .sign(await signingKey(alg, env));
        return json({ token });
      }
      if (url.pathname === "/verify" && request.method === "POST") {
        const { alg, token, jwk } = await request.json<{ alg: string; token: string; jwk?: JWK }>();
        try {
          const { payload, protectedHeader } = await jwtVerify(token, await verifyingKey(alg, env, jwk), {
            algorithms: [alg],
            issuer: "urn:edged:compat",
            audience: "urn:edged:test",
          });
          return json({ payload, protectedHeader });
        } catch (e) {
          const error = e as { code?: string; message: string };
          return json({ code: error.code ?? "UNKNOWN", message: error.message }, 401);
        }
      }
      if (url.pathname === "/jwe") return json(await jweRoundTrips());
      return json({ error: "not found" }, 404);
    } catch (e) {
      const error = e as Error;
      return json({ error: `${error.name}: ${error.message}`, stack: error.stack }, 500);
    }
  },
};
