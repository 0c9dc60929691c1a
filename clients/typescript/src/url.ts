// The URL API (README, "URL API") as types: every transform parameter, checked against the ranges the
// server accepts, so a mistake is an exception here instead of a 400 in production.
import { encodeObjectKey, encodeRfc3986, type Param, signUrl } from "./sign.js";

export type Fit = "inside" | "contain" | "cover" | "fill" | "outside";
export type Mode = "max" | "pad" | "crop" | "stretch";
export type Compass = "center" | "north" | "south" | "east" | "west" | "northeast" | "northwest" | "southeast" | "southwest";
export type Format = "jpeg" | "png" | "webp" | "avif" | "gif" | "auto";

export interface ImageOptions {
  /** Fit inside a box, never enlarged: [width, height]. */
  thumbnail?: readonly [number, number];
  /** Width in CSS pixels (multiplied by dpr). */
  w?: number;
  /** Height in CSS pixels (multiplied by dpr). */
  h?: number;
  fit?: Fit;
  /** ImageResizer/Imageflow names for fit. */
  mode?: Mode;
  /** A compass point, a focal point [fx, fy] in 0..1, or "smart" (with fit "cover"). */
  gravity?: Compass | "smart" | readonly [number, number];
  /** Source pixels [x, y, width, height] of the upright image, cut before anything else. */
  crop?: readonly [number, number, number, number];
  /** Device pixel ratio, 1 to 4. */
  dpr?: number;
  enlarge?: boolean;
  rotate?: 0 | 90 | 180 | 270;
  flip?: "h" | "v" | "hv";
  format?: Format;
  /** 1 to 100. */
  quality?: number;
  /** Hex rgb or rrggbb, without '#'. */
  bg?: string;
  /** Gaussian blur sigma, (0, 100]. */
  blur?: number;
  /** Sharpen sigma, (0, 10]. */
  sharpen?: number;
  grayscale?: boolean;
  preset?: string;
  /** Version token: a new URL for a replaced source, the same rendition. */
  v?: string;
  /** PDF page, from 1. */
  page?: number;
  /** PDF drawing density, 36 to 600. */
  dpi?: number;
  /** DICOM frame, from 1, or "all" for a cine clip. */
  frame?: number | "all";
  /** DICOM VOI window in modality units. */
  window?: { center: number; width: number; shape?: "linear" | "linear-exact" | "sigmoid" };
  /** DICOMweb viewport: [vw, vh] or [vw, vh, sx, sy, sw, sh]. Not with w, h or crop. */
  viewport?: readonly [number, number] | readonly [number, number, number, number, number, number];
  iccprofile?: "no";
  /** JSON with width, height, format (and pages, frames) instead of an image. */
  info?: true;
}

function check(condition: boolean, message: string): void {
  if (!condition) {
    throw new RangeError(`helium-imager: ${message}`);
  }
}

const whole = (n: number, min: number, max = Number.MAX_SAFE_INTEGER) => Number.isInteger(n) && n >= min && n <= max;

/** The query parameters for these options, checked, in a fixed order (the server does not care). */
export function imageParams(options: ImageOptions): Param[] {
  const o = options;
  const params: Param[] = [];
  const add = (name: string, value: string | number | boolean) => params.push([name, String(value)]);
  if (o.info) {
    add("info", true);
  }
  if (o.thumbnail) {
    check(o.thumbnail.every((n) => whole(n, 1)), "thumbnail sides are whole numbers from 1");
    add("thumbnail", `${o.thumbnail[0]}x${o.thumbnail[1]}`);
  }
  if (o.viewport) {
    check(o.w === undefined && o.h === undefined && o.crop === undefined, "viewport cannot be mixed with w, h or crop");
    check(o.viewport.length === 2 || o.viewport.length === 6, "viewport is [vw, vh] or [vw, vh, sx, sy, sw, sh]");
    add("viewport", o.viewport.join(","));
  }
  if (o.w !== undefined) {
    check(whole(o.w, 1), "w is a whole number from 1");
    add("w", o.w);
  }
  if (o.h !== undefined) {
    check(whole(o.h, 1), "h is a whole number from 1");
    add("h", o.h);
  }
  if (o.fit) add("fit", o.fit);
  if (o.mode) add("mode", o.mode);
  if (o.gravity !== undefined) {
    if (typeof o.gravity === "string") {
      add("gravity", o.gravity);
    } else {
      check(o.gravity.every((n) => n >= 0 && n <= 1), "a focal point is [fx, fy] in 0..1");
      add("gravity", o.gravity.join(","));
    }
  }
  if (o.crop) {
    check(o.crop.every((n) => whole(n, 0)) && o.crop[2] > 0 && o.crop[3] > 0, "crop is [x, y, width, height] in whole source pixels");
    add("crop", o.crop.join(","));
  }
  if (o.dpr !== undefined) {
    check(o.dpr >= 1 && o.dpr <= 4, "dpr is 1 to 4");
    add("dpr", o.dpr);
  }
  if (o.enlarge) add("enlarge", true);
  if (o.rotate) add("rotate", o.rotate);
  if (o.flip) add("flip", o.flip);
  if (o.format) add("format", o.format);
  if (o.quality !== undefined) {
    check(whole(o.quality, 1, 100), "quality is 1 to 100");
    add("quality", o.quality);
  }
  if (o.bg !== undefined) {
    check(/^([0-9a-f]{3}|[0-9a-f]{6})$/i.test(o.bg), "bg is hex rgb or rrggbb without '#'");
    add("bg", o.bg);
  }
  if (o.blur !== undefined) {
    check(o.blur > 0 && o.blur <= 100, "blur is more than 0 and at most 100");
    add("blur", o.blur);
  }
  if (o.sharpen !== undefined) {
    check(o.sharpen > 0 && o.sharpen <= 10, "sharpen is more than 0 and at most 10");
    add("sharpen", o.sharpen);
  }
  if (o.grayscale) add("grayscale", true);
  if (o.preset !== undefined) add("preset", o.preset);
  if (o.v !== undefined) {
    check(/^[A-Za-z0-9._~-]{1,64}$/.test(o.v), "v is 1 to 64 of letters, digits, '.', '_', '~', '-'");
    add("v", o.v);
  }
  if (o.page !== undefined) {
    check(whole(o.page, 1), "page is a whole number from 1");
    add("page", o.page);
  }
  if (o.dpi !== undefined) {
    check(whole(o.dpi, 36, 600), "dpi is 36 to 600");
    add("dpi", o.dpi);
  }
  if (o.frame !== undefined) {
    check(o.frame === "all" || whole(o.frame, 1), "frame is a whole number from 1, or \"all\"");
    add("frame", o.frame);
  }
  if (o.window) {
    check(o.window.width > 0, "a window's width is more than 0");
    add("window", [o.window.center, o.window.width, ...(o.window.shape ? [o.window.shape] : [])].join(","));
  }
  if (o.iccprofile) add("iccprofile", o.iccprofile);
  return params;
}

/** An unsigned URL: for buckets in Buckets:Public, or a server without a signing key. */
export function imageUrl(base: string, bucket: string, objectKey: string, options: ImageOptions = {}): string {
  const query = imageParams(options).map(([name, value]) => `${encodeRfc3986(name)}=${encodeRfc3986(value)}`).join("&");
  return `${base.replace(/\/+$/, "")}/${bucket}/${encodeObjectKey(objectKey)}${query ? "?" + query : ""}`;
}

export interface Signing {
  /** The server's Security:SigningKey. On a server only: never in code sent to browsers. */
  key: string;
  /** Unix seconds after which the URL answers 403; caches keep it no longer. */
  expires?: number;
  /** The viewer, recorded in the audit trail. */
  sub?: string;
}

/** A signed URL for these options. */
export async function signedImageUrl(base: string, bucket: string, objectKey: string, options: ImageOptions, signing: Signing): Promise<string> {
  const params = imageParams(options);
  if (signing.sub !== undefined) {
    params.push(["sub", signing.sub]);
  }
  return base.replace(/\/+$/, "") + (await signUrl(signing.key, bucket, objectKey, params, signing.expires));
}
