using System.Runtime.CompilerServices;

namespace Strata.Cuda;

/// <summary>Registers "cuda" devices when this assembly loads, so STRATA_DEVICE=cuda or cuda:1 finds them.</summary>
internal static class DeviceRegistration
{
    // A library's module initializer is what lets a name in the environment reach a device no code has touched yet.
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Registers the package's devices for STRATA_DEVICE.")]
    internal static void Register()
    {
        lock (Device.Providers) Device.Providers["cuda"] = CudaDevice.Open;
    }
}
