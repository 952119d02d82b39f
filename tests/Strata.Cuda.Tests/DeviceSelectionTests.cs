namespace Strata.Cuda.Tests;

public class DeviceSelectionTests
{
    [Fact]
    public void A_missing_driver_is_named_with_where_it_was_looked_for()
    {
        (IReadOnlyList<string> gpus, string? problem) = CudaDriver.Probe("libcuda-not-installed.so.1");
        Assert.Empty(gpus);
        Assert.Contains("no NVIDIA driver: libcuda-not-installed.so.1 was not found", problem);
        Assert.Contains("LD_LIBRARY_PATH", problem);
        Assert.Contains("Device.Cpu", problem);
    }

    [Fact]
    public void Asking_for_a_GPU_says_why_there_is_none_or_which_there_are()
    {
        // On a machine without the driver (CI) the first message; on a GPU machine, a wrong ordinal names the GPUs.
        if (!Device.IsCudaAvailable)
        {
            var error = Assert.Throws<InvalidOperationException>(() => Device.Cuda());
            Assert.StartsWith("Device.Cuda: ", error.Message);
            Assert.Contains(CudaDriver.LibraryName, error.Message);
        }
        else
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => Device.Cuda(999));
            Assert.Contains("there is no CUDA GPU 999; the driver reports", error.Message);
            using CudaDevice gpu = Device.Cuda();
            Assert.Equal("cuda:0", gpu.Name);
            Assert.True(gpu.MemoryBytes > 0);
        }
    }

    [Fact]
    public void The_CPU_is_a_device_named_cpu()
    {
        Assert.Equal("cpu", Device.Cpu.Name);
        Assert.Equal("cpu", Device.Cpu.ToString());
        Assert.Same(Device.Cpu, Device.Cpu);
    }

    [Fact]
    public void STRATA_DEVICE_names_the_CPU_or_a_device_a_package_provides()
    {
        Assert.Same(Device.Cpu, Device.Named("cpu"));
        Assert.Same(Device.Cpu, Device.Named(" CPU "));
        Assert.Same(Device.Cpu, Device.Named(""));
        var unknown = Assert.Throws<InvalidOperationException>(() => Device.Named("tpu"));
        Assert.Contains("no package provides 'tpu' devices (known: cpu, cuda)", unknown.Message);
        var ordinal = Assert.Throws<ArgumentException>(() => Device.Named("cuda:first"));
        Assert.Contains("must be a device number, as in cuda:1", ordinal.Message);
        // "cuda" reaches this package's devices: on a machine without the driver, its error; on a GPU, the GPU.
        if (Device.IsCudaAvailable)
        {
            using var gpu = Assert.IsType<CudaDevice>(Device.Named("cuda:0"));
            Assert.Equal("cuda:0", gpu.Name);
        }
        else
        {
            Assert.Contains(CudaDriver.LibraryName, Assert.Throws<InvalidOperationException>(() => Device.Named("cuda")).Message);
        }
    }
}
