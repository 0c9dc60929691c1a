// Helium Imager URL signing in Go (standard library only). Copy SignURL into your code.
//
//	SignURL("secret", "photos", "cat.jpg", [][2]string{{"w", "200"}}, 1795000000)
//	// => "/photos/cat.jpg?expires=1795000000&w=200&sig=…"
//
// url.QueryEscape writes a space as "+" and url.PathEscape keeps characters such as '!' and '(':
// neither is the RFC 3986 encoding signatures need, hence encode below. expires 0 means none.
//
// Run as a program, it checks itself against every test vector:
//
//	go run docs/signing/sign.go docs/signing/vectors.json
package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
)

// encode percent-encodes every UTF-8 byte but A-Z a-z 0-9 - _ . ~ (and '/' when keepSlash).
func encode(text string, keepSlash bool) string {
	var b strings.Builder
	for i := 0; i < len(text); i++ {
		c := text[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' || keepSlash && c == '/' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// SignURL returns the path and query to request: /bucket/key?canonical-query&sig=…
func SignURL(key, bucket, objectKey string, params [][2]string, expires int64) string {
	pairs := [][2]string{}
	for _, p := range params {
		if p[0] != "sig" && p[0] != "expires" {
			pairs = append(pairs, [2]string{encode(p[0], false), encode(p[1], false)})
		}
	}
	if expires != 0 {
		pairs = append(pairs, [2]string{"expires", strconv.FormatInt(expires, 10)})
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i][0] != pairs[j][0] {
			return pairs[i][0] < pairs[j][0]
		}
		return pairs[i][1] < pairs[j][1]
	})
	joined := make([]string, len(pairs))
	for i, p := range pairs {
		joined[i] = p[0] + "=" + p[1]
	}
	query := strings.Join(joined, "&")
	path := "/" + bucket + "/" + encode(objectKey, true)
	mac := hmac.New(sha256.New, []byte(key))
	mac.Write([]byte(path + "?" + query))
	sig := base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
	if query != "" {
		query += "&"
	}
	return path + "?" + query + "sig=" + sig
}

func main() {
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	var vectors []struct {
		Description, SigningKey, Bucket, ObjectKey, URL string
		Params                                          [][2]string
		Expires                                         *int64
	}
	if err := json.Unmarshal(data, &vectors); err != nil {
		panic(err)
	}
	failed := 0
	for _, v := range vectors {
		var expires int64
		if v.Expires != nil {
			expires = *v.Expires
		}
		if got := SignURL(v.SigningKey, v.Bucket, v.ObjectKey, v.Params, expires); got != v.URL {
			failed++
			fmt.Printf("go: %s: got %s, want %s\n", v.Description, got, v.URL)
		}
	}
	fmt.Printf("go: %d of %d vectors match\n", len(vectors)-failed, len(vectors))
	if failed > 0 {
		os.Exit(1)
	}
}
