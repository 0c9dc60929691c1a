using System.Net;
using System.Net.Sockets;

namespace Helium.Imager.IntegrationTests.Infrastructure;

/// <summary>A TCP relay on 127.0.0.1 in front of a server (radosgw), counting the bytes that server
/// sends (how much the store really delivered, whatever the server under test then did with it) and
/// keeping the start of what is sent to it (the requests' lines and headers, as the store saw them).
/// With a certificate it speaks TLS to its clients (a store reached over HTTPS).</summary>
public sealed class CountingRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _target;
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2? _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly System.Text.StringBuilder _toTarget = new();
    private long _fromTarget;

    public CountingRelay(Uri target, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        _target = target;
        _certificate = certificate;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Url => new($"{(_certificate is null ? "http" : "https")}://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>Bytes the target has sent through the relay so far.</summary>
    public long BytesFromTarget => Interlocked.Read(ref _fromTarget);

    /// <summary>The first 64 KiB sent to the target, as Latin-1 text.</summary>
    public string SentToTarget
    {
        get
        {
            lock (_toTarget)
            {
                return _toTarget.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            await upstream.ConnectAsync(_target.Host, _target.Port, _stop.Token);
            Stream front = client.GetStream();
            if (_certificate is not null)
            {
                var tls = new System.Net.Security.SslStream(front);
                try
                {
                    await tls.AuthenticateAsServerAsync(_certificate, false, false);
                }
                catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
                {
                    await tls.DisposeAsync();
                    return; // the client did not trust the certificate
                }

                front = tls;
            }

            await using var _ = front;
            var toTarget = CopyAsync(front, upstream.GetStream(), count: false);
            var fromTarget = CopyAsync(upstream.GetStream(), front, count: true);

            // Either side closing ends both: the point is to see the target stop sending.
            await Task.WhenAny(toTarget, fromTarget);
        }
    }

    private async Task CopyAsync(Stream from, Stream to, bool count)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                if (count)
                {
                    Interlocked.Add(ref _fromTarget, read);
                }
                else
                {
                    lock (_toTarget)
                    {
                        _toTarget.Append(System.Text.Encoding.Latin1.GetString(buffer, 0, Math.Min(read, Math.Max(0, (64 * 1024) - _toTarget.Length))));
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // A side went away.
        }
    }
}
