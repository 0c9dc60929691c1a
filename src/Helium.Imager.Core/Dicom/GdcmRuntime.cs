using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Helium.Imager.Core.Dicom;

/// <summary>Points GDCM's binding at Debian's native glue library, which is not on the loader path,
/// and silences GDCM's own warnings (they go to stderr and may quote file contents).</summary>
public static class GdcmRuntime
{
    public const string Package = "libgdcm-cil";
    public const string DefaultGluePath = "/usr/lib/cli/gdcm-sharp-3.0/libgdcmsharpglue.so";

    private static readonly Lock Gate = new();
    private static string? _gluePath;
    private static string? _failure;
    private static bool _initialized;

    /// <summary>Null when GDCM is usable; otherwise why not, naming the Debian package. The first call
    /// decides the glue path for the life of the process (.NET allows one resolver per assembly).</summary>
    public static string? EnsureLoaded(string gluePath = DefaultGluePath)
    {
        lock (Gate)
        {
            if (_initialized)
            {
                return _failure;
            }

            _initialized = true;
            _gluePath = gluePath;
            if (!File.Exists(gluePath))
            {
                _failure = $"GDCM's native library is missing ({gluePath}): DICOM sources cannot be rendered. Install the Debian package '{Package}'.";
                return _failure;
            }

            // The binding is a plain file reference of this assembly, so applications that use it
            // through a project reference do not list it in their deps.json: resolve it from here.
            AssemblyLoadContext.Default.Resolving += ResolveBinding;
            try
            {
                Initialize();
            }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException or TypeInitializationException or InvalidOperationException or FileNotFoundException)
            {
                _failure = $"GDCM could not be loaded from {gluePath} ({e.GetType().Name}): install the Debian package '{Package}'.";
            }

            return _failure;
        }
    }

    /// <summary>Separate and not inlined: the first method that touches GDCM types is compiled only
    /// after the binding's resolver is in place.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Initialize()
    {
        NativeLibrary.SetDllImportResolver(typeof(gdcm.ImageReader).Assembly, Resolve);
        gdcm.Trace.WarningOff();
        gdcm.Trace.DebugOff();
        gdcm.Trace.ErrorOff();
    }

    private static Assembly? ResolveBinding(AssemblyLoadContext context, AssemblyName name)
    {
        if (name.Name != "gdcm-sharp")
        {
            return null;
        }

        var path = Path.Combine(Path.GetDirectoryName(typeof(GdcmRuntime).Assembly.Location) ?? AppContext.BaseDirectory, "gdcm-sharp.dll");
        return File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name.Contains("gdcmsharpglue", StringComparison.Ordinal) ? NativeLibrary.Load(_gluePath!) : IntPtr.Zero;
}
