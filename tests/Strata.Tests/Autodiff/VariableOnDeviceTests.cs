namespace Strata.Tests.Autodiff;

/// <summary>A variable left on a device (a GPU step's weights) comes home on its first use on the host, once, whoever asks.</summary>
public class VariableOnDeviceTests
{
    /// <summary>A device whose copy is the values given, and which can hold a copy back until released.</summary>
    private sealed class FakeDevice(float[] values) : Variable.IDeviceCopy
    {
        public int Copies;
        public readonly ManualResetEventSlim Entered = new(), Release = new(initialState: true);

        public void CopyToHost(Variable variable, Array home)
        {
            Interlocked.Increment(ref Copies);
            Entered.Set();
            Release.Wait();
            values.CopyTo((float[])home, 0);
        }
    }

    [Fact]
    public void The_first_host_use_copies_the_devices_value_back_once()
    {
        var v = new Variable(Tensor.FromArray(new[] { 1f, 2f, 3f }, 3));
        var device = new FakeDevice([7f, 8f, 9f]);
        v.LeaveOnDevice(device);
        Assert.True(v.IsOnDevice(device));

        Assert.Equal([7f, 8f, 9f], v.ToArray<float>());
        Assert.Equal([7f, 8f, 9f], (v + 0f).ToArray<float>());
        Assert.Equal(1, device.Copies);
        Assert.False(v.IsOnDevice(device));
    }

    [Fact]
    public async Task Two_threads_that_both_find_it_away_both_get_the_value_and_it_is_copied_once()
    {
        var v = new Variable(Tensor.FromArray(new[] { 1f, 2f }, 2));
        var device = new FakeDevice([5f, 6f]);
        device.Release.Reset();
        v.LeaveOnDevice(device);

        Task<float[]> first = Task.Run(() => v.ToArray<float>());
        Assert.True(device.Entered.Wait(TimeSpan.FromSeconds(30)), "the first reader never reached the device copy");
        // The second reader finds no storage either and waits on the variable while the first is copying.
        Task<float[]> second = Task.Run(() => v.ToArray<float>());
        await Task.Delay(100);
        device.Release.Set();

        float[] a = await first, b = await second;
        Assert.Equal([5f, 6f], a);
        Assert.Equal([5f, 6f], b);
        Assert.Equal(1, device.Copies);
    }
}
