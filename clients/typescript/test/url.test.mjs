// The typed URL builder: parameters as the server names them, ranges checked before a request.
import assert from "node:assert/strict";
import { test } from "node:test";
import { imageParams, imageUrl, signedImageUrl, signUrl } from "../dist/index.js";

test("an unsigned URL encodes the key and every parameter", () => {
  assert.equal(
    imageUrl("https://img.example.org/", "photos", "2026/cat 1.jpg", { w: 400, dpr: 2, format: "auto", gravity: [0.3, 0.7] }),
    "https://img.example.org/photos/2026/cat%201.jpg?w=400&gravity=0.3%2C0.7&dpr=2&format=auto",
  );
  assert.equal(imageUrl("https://img.example.org", "photos", "cat.jpg"), "https://img.example.org/photos/cat.jpg");
});

test("every parameter of the URL API has its name", () => {
  const names = imageParams({
    info: true, thumbnail: [190, 190], w: 1, h: 2, fit: "cover", mode: "crop", gravity: "smart", crop: [0, 0, 10, 10], dpr: 1.5,
    enlarge: true, rotate: 90, flip: "hv", format: "webp", quality: 70, bg: "000", blur: 2, sharpen: 1, grayscale: true,
    preset: "card", v: "2", page: 3, dpi: 300, frame: "all", window: { center: 40, width: 400, shape: "sigmoid" }, iccprofile: "no",
  }).map(([name]) => name);
  assert.deepEqual(names, ["info", "thumbnail", "w", "h", "fit", "mode", "gravity", "crop", "dpr", "enlarge", "rotate", "flip", "format",
    "quality", "bg", "blur", "sharpen", "grayscale", "preset", "v", "page", "dpi", "frame", "window", "iccprofile"]);
  assert.deepEqual(imageParams({ viewport: [256, 256, 0, 0, -512, 512] }), [["viewport", "256,256,0,0,-512,512"]]);
  assert.deepEqual(imageParams({ window: { center: -600, width: 1500 } }), [["window", "-600,1500"]]);
});

test("values the server would refuse are refused here", () => {
  for (const bad of [{ w: 0 }, { w: 1.5 }, { quality: 101 }, { dpr: 5 }, { dpi: 20 }, { blur: 0 }, { sharpen: 11 }, { bg: "#fff" },
    { v: "has space" }, { page: 0 }, { frame: 0 }, { gravity: [2, 0] }, { viewport: [1, 2], w: 100 }, { thumbnail: [0, 10] }]) {
    assert.throws(() => imageParams(bad), RangeError, JSON.stringify(bad));
  }
});

test("a signed URL carries expires and sub inside the signature", async () => {
  const url = await signedImageUrl("https://img.example.org", "scans", "ct 1.dcm", { thumbnail: [190, 190], window: { center: 40, width: 400 } },
    { key: "secret-signing-key-1", expires: 4102444800, sub: "dr.who" });
  assert.equal(url, "https://img.example.org" + await signUrl("secret-signing-key-1", "scans", "ct 1.dcm",
    [["thumbnail", "190x190"], ["window", "40,400"], ["sub", "dr.who"]], 4102444800));
  assert.match(url, /^https:\/\/img\.example\.org\/scans\/ct%201\.dcm\?expires=4102444800&sub=dr\.who&thumbnail=190x190&window=40%2C400&sig=[A-Za-z0-9_-]{43}$/);
});
