// Helium Imager URL signing (docs/signing.md): sig = base64url(HMAC-SHA256(key, path + "?" + query)),
// where path is /bucket/ plus the object key and query every parameter but sig, both in RFC 3986
// percent-encoding, the query sorted by name then value. Web Crypto only: browsers (for tests; never
// ship a signing key to one), Node 18+, Deno, Cloudflare Workers, Vercel's edge runtime.

/** A query parameter: name and value, not encoded. A name may appear twice. */
export type Param = readonly [name: string, value: string];

/**
 * Every UTF-8 byte but A-Z a-z 0-9 - _ . ~ as %XX, upper-case hex. encodeURIComponent leaves
 * ! ' ( ) * alone, which the server's canonical form encodes: signatures would not match.
 */
export function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

/** The object key as the server signs it: each segment encoded, "/" kept. */
export function encodeObjectKey(objectKey: string): string {
  return objectKey.split("/").map(encodeRfc3986).join("/");
}

/** The signed query's parameters, encoded and in their canonical order (expires included). */
export function canonicalQuery(params: readonly Param[], expires?: number): string {
  const pairs = params
    .filter(([name]) => name !== "sig" && name !== "expires")
    .map(([name, value]) => [encodeRfc3986(name), encodeRfc3986(value)] as const);
  if (expires !== undefined) {
    pairs.push(["expires", String(Math.trunc(expires))]);
  }
  // Code-unit order equals byte order here: every character left is ASCII.
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([name, value]) => `${name}=${value}`).join("&");
}

/**
 * The path and query to request, signed: /bucket/key?canonical-query&sig=…
 * @param key the server's Security:SigningKey (keep it on the server side)
 * @param expires unix seconds after which the URL answers 403
 */
export async function signUrl(key: string, bucket: string, objectKey: string, params: readonly Param[], expires?: number): Promise<string> {
  const path = `/${bucket}/${encodeObjectKey(objectKey)}`;
  const query = canonicalQuery(params, expires);
  const encoder = new TextEncoder();
  const hmac = await crypto.subtle.importKey("raw", encoder.encode(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const digest = new Uint8Array(await crypto.subtle.sign("HMAC", hmac, encoder.encode(`${path}?${query}`)));
  let binary = "";
  digest.forEach((byte) => (binary += String.fromCharCode(byte)));
  const sig = btoa(binary).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  return `${path}?${query ? query + "&" : ""}sig=${sig}`;
}
