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
}
