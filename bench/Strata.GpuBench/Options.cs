namespace Strata.GpuBench;

/// <summary>The command line: device, workloads, epochs, training samples, data folder.</summary>
internal sealed record Options(string Device, string[] Workloads, int Epochs, int Samples, string? Data)
{
    public static Options Parse(string[] args)
    {
        var options = new Options("cuda", ["mnist", "convnet", "gemm"], 4, 60000, null);
        for (int i = 0; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--device" => options with { Device = value },
                "--workloads" => options with { Workloads = value.Split(',') },
                "--epochs" => options with { Epochs = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
                "--samples" => options with { Samples = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
                "--data" => options with { Data = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}; see the comment at the top of Program.cs."),
            };
            i++;
        }
        return options;
    }
}
