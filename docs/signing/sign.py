"""Helium Imager URL signing in Python 3 (standard library only). Copy sign_url into your code.

    sign_url("secret", "photos", "cat.jpg", [("w", "200")], expires=1795000000)
    -> "/photos/cat.jpg?expires=1795000000&w=200&sig=…"

Run as a program, it checks itself against every test vector:
    python3 docs/signing/sign.py docs/signing/vectors.json
"""
import base64
import hashlib
import hmac
from urllib.parse import quote


def _encode(text: str, keep: str = "") -> str:
    # RFC 3986: every UTF-8 byte but A-Z a-z 0-9 - _ . ~ (and `keep`) as %XX, upper-case hex.
    # quote's default safe is "/", which must not be kept in query names and values.
    return quote(text, safe=keep)


def sign_url(key: str, bucket: str, object_key: str, params, expires=None) -> str:
    """The path and query to request: /bucket/key?canonical-query&sig=…"""
    pairs = [(n, v) for n, v in params if n not in ("sig", "expires")]
    if expires is not None:
        pairs.append(("expires", str(int(expires))))
    encoded = sorted((_encode(n), _encode(v)) for n, v in pairs)
    query = "&".join(f"{n}={v}" for n, v in encoded)
    path = f"/{bucket}/{_encode(object_key, keep='/')}"
    digest = hmac.new(key.encode("utf-8"), f"{path}?{query}".encode("utf-8"), hashlib.sha256).digest()
    sig = base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")
    return f"{path}?{query + '&' if query else ''}sig={sig}"


if __name__ == "__main__":
    import json
    import sys

    vectors = json.load(open(sys.argv[1], encoding="utf-8"))
    failed = 0
    for v in vectors:
        got = sign_url(v["signingKey"], v["bucket"], v["objectKey"], v["params"], v["expires"])
        if got != v["url"]:
            failed += 1
            print(f"python: {v['description']}: got {got}, want {v['url']}")
    print(f"python: {len(vectors) - failed} of {len(vectors)} vectors match")
    sys.exit(1 if failed else 0)
