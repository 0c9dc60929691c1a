export { canonicalQuery, encodeObjectKey, encodeRfc3986, type Param, signUrl } from "./sign.js";
export { type Compass, type Fit, type Format, type ImageOptions, imageParams, imageUrl, type Mode, type Signing, signedImageUrl } from "./url.js";
