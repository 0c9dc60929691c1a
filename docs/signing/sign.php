<?php
// Helium Imager URL signing in PHP (no extensions beyond the standard ones). Copy helium_sign_url
// into your code.
//
//   helium_sign_url('secret', 'photos', 'cat.jpg', [['w', '200']], 1795000000)
//   // => "/photos/cat.jpg?expires=1795000000&w=200&sig=…"
//
// rawurlencode is RFC 3986 (a space is %20; urlencode would write "+"). Parameters are a list of
// [name, value] pairs, so that a name may appear twice.
//
// Run as a program, it checks itself against every test vector:
//   php docs/signing/sign.php docs/signing/vectors.json

function helium_sign_url(string $key, string $bucket, string $objectKey, array $params, ?int $expires = null): string
{
    $pairs = [];
    foreach ($params as [$name, $value]) {
        if ($name !== 'sig' && $name !== 'expires') {
            $pairs[] = [rawurlencode($name), rawurlencode($value)];
        }
    }
    if ($expires !== null) {
        $pairs[] = ['expires', (string) $expires];
    }
    // Byte order, by name then value.
    usort($pairs, fn ($a, $b) => strcmp($a[0], $b[0]) ?: strcmp($a[1], $b[1]));
    $query = implode('&', array_map(fn ($p) => $p[0] . '=' . $p[1], $pairs));
    $path = '/' . $bucket . '/' . str_replace('%2F', '/', rawurlencode($objectKey));
    $sig = rtrim(strtr(base64_encode(hash_hmac('sha256', $path . '?' . $query, $key, true)), '+/', '-_'), '=');
    return $path . '?' . ($query === '' ? '' : $query . '&') . 'sig=' . $sig;
}

if (PHP_SAPI === 'cli' && realpath($argv[0]) === __FILE__) {
    $vectors = json_decode(file_get_contents($argv[1]), true, 512, JSON_THROW_ON_ERROR);
    $failed = 0;
    foreach ($vectors as $v) {
        $got = helium_sign_url($v['signingKey'], $v['bucket'], $v['objectKey'], $v['params'], $v['expires']);
        if ($got !== $v['url']) {
            $failed++;
            echo "php: {$v['description']}: got $got, want {$v['url']}\n";
        }
    }
    echo 'php: ' . (count($vectors) - $failed) . ' of ' . count($vectors) . " vectors match\n";
    exit($failed === 0 ? 0 : 1);
}
