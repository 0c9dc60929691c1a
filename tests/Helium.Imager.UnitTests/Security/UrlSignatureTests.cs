using Helium.Imager.Addressing;
using Helium.Imager.Security;

namespace Helium.Imager.UnitTests.Security;

public sealed class UrlSignatureTests
{
    private static readonly ObjectAddress Photo = new("photos", "dir/cat 1.jpg");
    private static readonly FakeClock Clock = new(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));

    private static List<KeyValuePair<string, string>> Query(string query) =>
        query.Length == 0 ? [] : query.Split('&').Select(p => p.Split('=', 2)).Select(p => KeyValuePair.Create(p[0], Uri.UnescapeDataString(p[1]))).ToList();

    private static UrlSignature Signer(params string[] keys) => new(keys, Clock);

    [Fact]
    public void A_signed_query_verifies_in_any_parameter_order()
    {
        var signed = Query(Signer("0123456789abcdef-key-one").Sign(Photo, Query("w=200&fit=cover&h=100"), expires: null));

        Assert.Equal(SignatureCheck.Valid, Signer("0123456789abcdef-key-one").Verify(Photo, signed));
        signed.Reverse();
        Assert.Equal(SignatureCheck.Valid, Signer("0123456789abcdef-key-one").Verify(Photo, signed));
    }

    [Fact]
    public void Changing_anything_signed_invalidates_it()
    {
        var signer = Signer("0123456789abcdef-key-one");
        var signed = Query(signer.Sign(Photo, Query("w=200"), expires: null));

        Assert.Equal(SignatureCheck.Invalid, signer.Verify(Photo, [.. signed.Select(p => p.Key == "w" ? KeyValuePair.Create("w", "2000") : p)]));
        Assert.Equal(SignatureCheck.Invalid, signer.Verify(Photo, [.. signed, KeyValuePair.Create("blur", "3")]));
        Assert.Equal(SignatureCheck.Invalid, signer.Verify(Photo with { Key = "dir/cat 2.jpg" }, signed));
        Assert.Equal(SignatureCheck.Invalid, signer.Verify(Photo with { Bucket = "other" }, signed));
        Assert.Equal(SignatureCheck.Invalid, Signer("another-key-0123456789").Verify(Photo, signed));
        Assert.Equal(SignatureCheck.Invalid, signer.Verify(Photo, [.. signed, KeyValuePair.Create("sig", "AAAA")]));
        Assert.Equal(SignatureCheck.Missing, signer.Verify(Photo, Query("w=200")));
    }

    [Fact]
    public void Expires_is_signed_and_enforced()
    {
        var signer = Signer("0123456789abcdef-key-one");
        var future = Query(signer.Sign(Photo, Query("w=1"), Clock.GetUtcNow().AddMinutes(5)));
        var past = Query(signer.Sign(Photo, Query("w=1"), Clock.GetUtcNow().AddSeconds(-1)));

        Assert.Equal(SignatureCheck.Valid, signer.Verify(Photo, future));
        Assert.Equal(SignatureCheck.Expired, signer.Verify(Photo, past));
        Assert.Equal(SignatureCheck.Invalid, signer.Verify(Photo, [.. future.Select(p => p.Key == "expires" ? KeyValuePair.Create("expires", "9999999999") : p)]));
    }

    [Fact]
    public void Every_configured_key_verifies_and_the_first_signs()
    {
        var old = Query(Signer("old-key-0123456789abcdef").Sign(Photo, Query("w=1"), null));
        var rotated = Signer("new-key-0123456789abcdef", "old-key-0123456789abcdef");

        Assert.Equal(SignatureCheck.Valid, rotated.Verify(Photo, old));
        Assert.Equal(SignatureCheck.Invalid, Signer("old-key-0123456789abcdef").Verify(Photo, Query(rotated.Sign(Photo, Query("w=1"), null))));
    }

    [Fact]
    public void The_string_to_sign_uses_the_s3_spelling_of_the_key()
    {
        Assert.Equal("/photos/dir/cat%201.jpg?fit=cover&w=200", UrlSignature.StringToSign(Photo, UrlSignature.CanonicalQuery(Query("w=200&fit=cover"))));
        Assert.Equal("a=1&a=2&b=%2B%20x", UrlSignature.CanonicalQuery(Query("b=%2B%20x&a=2&a=1")));
    }

    private sealed class FakeClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
