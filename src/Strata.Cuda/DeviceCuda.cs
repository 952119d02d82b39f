namespace Strata.Cuda;

/// <summary><c>Device.Cuda()</c> and <c>Device.IsCudaAvailable</c>: the CUDA members this package adds to <see cref="Device"/>.</summary>
public static class DeviceCuda
{
    extension(Device)
    {
        /// <summary>Whether the NVIDIA driver is installed and reports at least one CUDA GPU.</summary>
        public static bool IsCudaAvailable => CudaDriver.Probe().Problem is null;

        /// <summary>
        /// The CUDA GPU of this ordinal (the first by default). Throws, naming what was looked for, when the
        /// driver library is missing or reports no such GPU.
        /// </summary>
        /// <param name="ordinal">The GPU's index among the driver's CUDA devices.</param>
        public static CudaDevice Cuda(int ordinal = 0) => CudaDevice.Open(ordinal);
    }
}
