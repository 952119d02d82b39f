using System.Globalization;

namespace Strata.Tests.Tensors;

public class LargeArraysTests
{
    [Fact]
    public void LargeTensorBuffers_AreZeroed()
    {
        var t = Tensor.Zeros(3 << 20);
        Assert.Equal(3 << 20, t.Size);
        Assert.False(t.Data<float>().ContainsAnyExcept(0f));
        Assert.False(LargeArrays.New<byte>(5 << 20).AsSpan().ContainsAnyExcept((byte)0));
    }

    /// <summary>
    /// The huge-page hint is visible in /proc/self/smaps as the "hg" flag of the mapping that holds a large
    /// array's interior. Only on Linux kernels with transparent huge pages; elsewhere there is no hint to check.
    /// </summary>
    [Fact]
    public unsafe void LargeArray_InteriorIsAdvisedHugePages_OnLinux()
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/sys/kernel/mm/transparent_hugepage")) return;
        float[] array = LargeArrays.New<float>(3 << 20); // 12 MiB: at least four whole 2 MiB pages inside
        fixed (float* data = array)
        {
            Assert.Contains("hg", VmFlags((nint)(data + array.Length / 2)));
        }
    }

    /// <summary>The VmFlags of the mapping in /proc/self/smaps that contains <paramref name="address"/>.</summary>
    private static string[] VmFlags(nint address)
    {
        bool inside = false;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            int dash = line.IndexOf('-');
            int space = line.IndexOf(' ');
            if (dash > 0 && space > dash && ulong.TryParse(line[..dash], NumberStyles.HexNumber, null, out ulong start)
                && ulong.TryParse(line[(dash + 1)..space], NumberStyles.HexNumber, null, out ulong end))
            {
                inside = (ulong)address >= start && (ulong)address < end;
            }
            else if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal))
            {
                return line["VmFlags:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }
        }
        throw new InvalidOperationException($"No mapping in /proc/self/smaps holds 0x{address:X}.");
    }
}
