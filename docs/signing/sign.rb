# Helium Imager URL signing in Ruby (standard library only). Copy HeliumImager.sign_url into your code.
#
#   HeliumImager.sign_url("secret", "photos", "cat.jpg", [["w", "200"]], expires: 1795000000)
#   # => "/photos/cat.jpg?expires=1795000000&w=200&sig=…"
#
# Beware CGI.escape (a space becomes "+") and URI.encode_www_form_component (the same): signatures
# need RFC 3986 encoding, where a space is %20.
#
# Run as a program, it checks itself against every test vector:
#   ruby docs/signing/sign.rb docs/signing/vectors.json
require "openssl"
require "base64"

module HeliumImager
  UNRESERVED = /[^A-Za-z0-9\-_.~]/.freeze

  # Every UTF-8 byte but A-Z a-z 0-9 - _ . ~ as %XX (upper-case hex); "/" kept in object keys.
  def self.encode(text, keep_slash: false)
    text.encode("UTF-8").b.gsub(keep_slash ? %r{[^A-Za-z0-9\-_.~/]} : UNRESERVED) { |c| format("%%%02X", c.ord) }
  end

  # The path and query to request: /bucket/key?canonical-query&sig=…
  def self.sign_url(key, bucket, object_key, params, expires: nil)
    pairs = params.reject { |name, _| %w[sig expires].include?(name) }
    pairs += [["expires", expires.to_i.to_s]] unless expires.nil?
    query = pairs.map { |n, v| [encode(n), encode(v)] }.sort.map { |n, v| "#{n}=#{v}" }.join("&")
    path = "/#{bucket}/#{encode(object_key, keep_slash: true)}"
    digest = OpenSSL::HMAC.digest("SHA256", key.encode("UTF-8").b, "#{path}?#{query}")
    sig = Base64.urlsafe_encode64(digest, padding: false)
    "#{path}?#{query.empty? ? '' : "#{query}&"}sig=#{sig}"
  end
end

if $PROGRAM_NAME == __FILE__
  require "json"
  vectors = JSON.parse(File.read(ARGV.fetch(0), encoding: "UTF-8"))
  failed = vectors.reject do |v|
    got = HeliumImager.sign_url(v["signingKey"], v["bucket"], v["objectKey"], v["params"], expires: v["expires"])
    (got == v["url"]).tap { |ok| puts "ruby: #{v['description']}: got #{got}, want #{v['url']}" unless ok }
  end
  puts "ruby: #{vectors.size - failed.size} of #{vectors.size} vectors match"
  exit(failed.empty? ? 0 : 1)
end
