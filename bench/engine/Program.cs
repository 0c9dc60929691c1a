using System.Diagnostics;
using System.Globalization;
using NetVips;

// engine SIZE LANES FILE…: renders every file with libvips's thumbnail (shrink-on-load) to a JPEG at
// quality 80, metadata dropped, `lanes` at once, and prints renders per second. SIZE is WxH (fit
// inside) or W x (that width). One warm-up render first (library load, first-call costs).
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: engine 190x190|720x LANES FILE...");
    return 2;
}

var size = args[0].Split('x');
var width = int.Parse(size[0], CultureInfo.InvariantCulture);
var height = size[1].Length > 0 ? int.Parse(size[1], CultureInfo.InvariantCulture) : 1_000_000;
var lanes = int.Parse(args[1], CultureInfo.InvariantCulture);
var files = args[2..];

// As a server would run it: no operation cache between renders.
Cache.Max = 0;

// The files are read before the clock starts: this measures libvips, not the allocation of a large
// array for every file (the server reads sources into pooled buffers for the same reason).
var sources = files.Select(File.ReadAllBytes).ToArray();
Render(sources[0]);
var clock = Stopwatch.StartNew();
Parallel.ForEach(sources, new ParallelOptions { MaxDegreeOfParallelism = lanes }, Render);
Console.WriteLine((files.Length / clock.Elapsed.TotalSeconds).ToString("0.00", CultureInfo.InvariantCulture));
return 0;

void Render(byte[] source)
{
    using var thumbnail = Image.ThumbnailBuffer(source, width, height: height);
    _ = thumbnail.JpegsaveBuffer(q: 80, keep: Enums.ForeignKeep.None);
}
