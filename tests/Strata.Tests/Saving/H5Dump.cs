using System.Diagnostics;
using System.Globalization;

namespace Strata.Tests.Saving;

/// <summary>h5dump (Debian's hdf5-tools), the HDF5 Group's own reader: an independent check of what Strata reads and writes.</summary>
internal static class H5Dump
{
    public static string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("h5dump") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in arguments) start.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("h5dump is needed to check the HDF5 layout independently: apt-get install hdf5-tools", e);
        }
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"h5dump {string.Join(' ', arguments)} failed: {process.StandardError.ReadToEnd()}");
        return output;
    }

    /// <summary>A float dataset's values in order, as h5dump prints them (9 significant digits: a float exactly).</summary>
    public static float[] Floats(string file, string dataset)
    {
        string dump = Run("-y", "-w", "0", "-m", "%.9g", "-d", dataset, file);
        int open = dump.IndexOf("DATA {", StringComparison.Ordinal) + "DATA {".Length;
        string data = dump[open..dump.IndexOf('}', open)];
        return data.Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
    }
}
