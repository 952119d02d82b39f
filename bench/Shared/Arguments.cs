namespace Strata.Bench.Shared;

/// <summary>The workers' few options, "--name value".</summary>
public static class Arguments
{
    public static int Int(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        if (i < 0) return fallback;
        if (i + 1 < args.Length && int.TryParse(args[i + 1], out int value) && value > 0) return value;
        throw new ArgumentException($"{name} needs a positive integer, got '{(i + 1 < args.Length ? args[i + 1] : "")}'.");
    }

    public static string? Text(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        if (i < 0) return null;
        if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) return args[i + 1];
        throw new ArgumentException($"{name} needs a value.");
    }
}
