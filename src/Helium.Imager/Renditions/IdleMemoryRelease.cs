using System.Runtime.InteropServices;

namespace Helium.Imager.Renditions;

/// <summary>
/// Gives memory the decoders freed back to the system once no render has run for a while. libvips and
/// the decoders free their buffers to glibc's heap, which keeps them for reuse: after a burst of large
/// renders the process would stay at its peak. <c>malloc_trim</c> after every render cost a third of
/// the throughput (the next render faults its pages back in); after <see cref="Quiet"/> without one, it
/// costs a busy server nothing.
/// </summary>
internal sealed class IdleMemoryRelease : IDisposable
{
    public static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);

    private readonly Timer _timer;
    private int _running;

    public IdleMemoryRelease() => _timer = new Timer(_ => Release(), null, Timeout.Infinite, Timeout.Infinite);

    public void RenderStarted()
    {
        Interlocked.Increment(ref _running);
        _timer.Change(Timeout.Infinite, Timeout.Infinite);
    }

    public void RenderEnded()
    {
        if (Interlocked.Decrement(ref _running) == 0)
        {
            _timer.Change(Quiet, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Release()
    {
        if (Volatile.Read(ref _running) == 0 && OperatingSystem.IsLinux())
        {
            _ = malloc_trim(0);
        }
    }

    [DllImport("libc")]
    private static extern int malloc_trim(nuint pad);
}
