// Every test vector in docs/signing/vectors.json, signed by this package (node --test).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { signUrl, encodeRfc3986 } from "../dist/index.js";

// In the repository the vectors are in docs/signing; the test suite may point elsewhere.
const file = process.env.HELIUM_SIGNING_VECTORS ?? new URL("../../../docs/signing/vectors.json", import.meta.url);
const vectors = JSON.parse(readFileSync(file, "utf8"));

test("the vectors are there", () => assert.ok(vectors.length >= 16));

for (const v of vectors) {
  test(`vector: ${v.description}`, async () => {
    assert.equal(await signUrl(v.signingKey, v.bucket, v.objectKey, v.params, v.expires ?? undefined), v.url);
  });
}

test("!'()* are encoded, unlike encodeURIComponent", () => {
  assert.equal(encodeRfc3986("it's (final)!*"), "it%27s%20%28final%29%21%2A");
  assert.equal(encodeRfc3986("a b+c~"), "a%20b%2Bc~");
});
