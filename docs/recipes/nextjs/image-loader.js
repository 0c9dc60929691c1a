// next.config.js: images: { loader: "custom", loaderFile: "./image-loader.js" }
// Public images through Helium Imager in presets-only mode: the browser builds the URL, no key is
// needed, and only the widths Next.js asks for (deviceSizes and imageSizes) can be rendered, each
// as a preset named w<width> (helium-imager.env beside this file). `quality` is the preset's.
const base = process.env.NEXT_PUBLIC_HELIUM_IMAGER_URL ?? "https://images.example.org";

export default function heliumImageLoader({ src, width }) {
  // src is "/bucket/key", as stored (encode the key's characters the way you encode any URL path).
  return `${base}${src}?preset=w${width}&format=auto`;
}
