namespace Strata;

/// <summary>
/// Where computation runs: <see cref="Cpu"/>, Strata's own kernels on this machine's cores, or a GPU that a
/// satellite package provides (Strata.Cuda: <c>Device.Cuda()</c>, <c>Device.IsCudaAvailable</c>). The core
/// library knows no GPU: a device package plugs its kernels in behind this type.
/// </summary>
public abstract class Device
{
    /// <summary>Strata's CPU kernels (AVX-512 / AVX2 / portable SIMD), parallel over <see cref="Engine.Threads"/>.</summary>
    public static Device Cpu { get; } = new CpuDevice();

    /// <summary>For the devices that packages add (Strata.Cuda's CudaDevice).</summary>
    protected Device()
    {
    }

    /// <summary>A short name for messages: "cpu", "cuda:0".</summary>
    public abstract string Name { get; }

    /// <summary>The name and, for a GPU, its model and memory.</summary>
    public override string ToString() => Name;

    /// <summary>The compiled step as this device runs it; null for the CPU, which replays the executable itself.</summary>
    internal virtual Compilation.DeviceStep? Prepare(Compilation.Executable executable) => null;

    /// <summary>
    /// The device a name such as STRATA_DEVICE holds: "cpu", or "cuda" / "cuda:1" from the package that provides
    /// it (registered when its assembly loads; Strata.Cuda is loaded by name if the app ships it).
    /// </summary>
    internal static Device Named(string name)
    {
        string trimmed = name.Trim().ToLowerInvariant();
        if (trimmed is "" or "cpu") return Cpu;
        string kind = trimmed.Split(':')[0];
        int ordinal = 0;
        if (trimmed.Contains(':') && !int.TryParse(trimmed[(kind.Length + 1)..], out ordinal))
        {
            throw new ArgumentException($"Device '{name}': the part after ':' must be a device number, as in cuda:1.", nameof(name));
        }
        if (!Providers.ContainsKey(kind)) LoadProvider(kind);
        return Providers.TryGetValue(kind, out Func<int, Device>? open) ? open(ordinal)
            : throw new InvalidOperationException($"Device '{name}': no package provides '{kind}' devices (known: cpu{string.Concat(Providers.Keys.Select(k => ", " + k))}). For NVIDIA GPUs add the Strata.Cuda package.");
    }

    /// <summary>Where device packages register their devices by kind ("cuda"), from their module initializers.</summary>
    internal static readonly Dictionary<string, Func<int, Device>> Providers = [];

    private static void LoadProvider(string kind)
    {
        try
        {
            // Loading the package's assembly runs its module initializer, which registers its devices.
            System.Reflection.Assembly assembly = System.Reflection.Assembly.Load("Strata." + char.ToUpperInvariant(kind[0]) + kind[1..]);
            System.Runtime.CompilerServices.RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
        }
        catch (Exception e) when (e is System.IO.FileNotFoundException or System.IO.FileLoadException or BadImageFormatException)
        {
            // Not shipped with the app: Named says so.
        }
    }
    private sealed class CpuDevice : Device
    {
        public override string Name => "cpu";
    }
}
