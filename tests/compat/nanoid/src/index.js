// nanoid's generators as bundled for Workers: esbuild resolves nanoid's `browser` export
// condition (crypto.getRandomValues), as wrangler does.
import { customAlphabet, customRandom, nanoid, random, urlAlphabet } from "nanoid";
import { nanoid as insecureNanoid } from "nanoid/non-secure";

const many = (make, count) => Array.from({ length: count }, make);

export default {
  fetch() {
    const hex = customAlphabet("0123456789abcdef", 12);
    const digits = customAlphabet("0123456789", 6);
    const seeded = customRandom("abcdefghijklmnopqrstuvwxyz", 10, (size) => new Uint8Array(size).fill(7));
    return Response.json({
      urlAlphabet,
      ids: many(() => nanoid(), 200),
      sized: [nanoid(5), nanoid(64), nanoid(0)],
      hex: many(() => hex(), 50),
      digits: many(() => digits(), 50),
      digitsSized: digits(20),
      seeded: seeded(),
      randomBytes: random(16).length,
      insecure: many(() => insecureNanoid(), 20),
      upper: many(() => customAlphabet("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 8)(), 20),
    });
  },
};
