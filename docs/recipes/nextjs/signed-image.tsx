// Private buckets: sign on the server (a React Server Component here; a route handler or
// getServerSideProps works the same), never in the browser. Needs clients/typescript (vendored or
// published) and HELIUM_IMAGER_SIGNING_KEY in the server's environment only.
import Image from "next/image";
import { signedImageUrl } from "@helium-imager/urls";

const base = process.env.HELIUM_IMAGER_URL ?? "https://images.example.org";
const widths = [640, 1080, 1920];

export default async function SignedImage({ bucket, objectKey, alt, viewer }: { bucket: string; objectKey: string; alt: string; viewer?: string }) {
  const signing = { key: process.env.HELIUM_IMAGER_SIGNING_KEY!, expires: Math.floor(Date.now() / 1000) + 3600, sub: viewer };
  const urls = await Promise.all(widths.map((w) => signedImageUrl(base, bucket, objectKey, { w, format: "auto" }, signing)));
  // Width and height for the layout (no shift while it loads): ?info=true, signed the same way.
  const info = await (await fetch(await signedImageUrl(base, bucket, objectKey, { info: true }, signing), { next: { revalidate: 3600 } })).json();
  return (
    <Image
      src={urls[urls.length - 1]}
      loader={({ width }) => urls[widths.findIndex((w) => w >= width)] ?? urls[urls.length - 1]}
      width={info.width}
      height={info.height}
      sizes="(max-width: 768px) 100vw, 50vw"
      alt={alt}
    />
  );
}
