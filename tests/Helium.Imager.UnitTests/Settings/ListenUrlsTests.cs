using Helium.Imager.Settings;
using Microsoft.Extensions.Configuration;

namespace Helium.Imager.UnitTests.Settings;

public sealed class ListenUrlsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080", true)]
    [InlineData("http://127.0.0.5:8080", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://[::1]:8080", true)]
    [InlineData("http://unix:/run/helium-imager.sock", true)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://[::]:8080", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://+:8080", false)]
    [InlineData("https://imager.example.org:443", false)]
    [InlineData("http://192.168.1.20:8080", false)]
    public void Only_this_machine_is_loopback(string url, bool loopback) => Assert.Equal(loopback, ListenUrls.IsLoopback(url));

    [Theory]
    [InlineData("urls", "http://127.0.0.1:1;http://0.0.0.0:2", "http://127.0.0.1:1|http://0.0.0.0:2")]
    [InlineData("http_ports", "8080", "http://*:8080")]
    [InlineData("Kestrel:Endpoints:Main:Url", "http://10.0.0.1:80", "http://10.0.0.1:80")]
    [InlineData("unrelated", "x", ListenUrls.KestrelDefault)]
    public void The_addresses_are_read_as_kestrel_reads_them(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create(key, (string?)value)]).Build();

        Assert.Equal(expected.Split('|'), ListenUrls.Public(configuration));
    }
}
