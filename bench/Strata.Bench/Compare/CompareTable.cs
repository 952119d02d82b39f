using System.Globalization;
using Strata.Bench.Shared;

namespace Strata.Bench.Compare;

/// <summary>Prints the medians of all runs as a Markdown table (to paste into bench/README.md), then every raw value.</summary>
internal static class CompareTable
{
    public static void Print(IReadOnlyList<Measurement> results, TextWriter output)
    {
        output.WriteLine("| | Strata | peer | Strata/peer | target (ratio) |");
        output.WriteLine("|---|---:|---:|---:|---|");
        foreach (CompareRow row in CompareRow.All)
        {
            double strata = Median(results, CompareRow.Strata, row.Metric), peer = Median(results, row.Peer, row.Metric);
            if (double.IsNaN(strata) && double.IsNaN(peer)) continue;
            string unit = row.Unit.Length > 0 ? $", {row.Unit}" : "";
            string peerName = row.Peer == CompareRow.OpenBlas ? "OpenBLAS " : "";
            output.WriteLine($"| {row.Label}{unit} | {Format(strata)} | {peerName}{Format(peer)} | {Ratio(strata, peer)} | {row.Target} |");
        }

        output.WriteLine();
        output.WriteLine("Every value (one per process, or per alternating GEMM measurement):");
        foreach (var group in results.GroupBy(r => (r.Metric, r.Side)).OrderBy(g => g.Key.Metric).ThenBy(g => g.Key.Side))
        {
            output.WriteLine($"  {group.Key.Metric,-36} {group.Key.Side,-10} {string.Join("  ", group.Select(r => Format(r.Value)))}");
        }
    }

    private static double Median(IReadOnlyList<Measurement> results, string side, string metric) =>
        Statistics.Median(results.Where(r => r.Side == side && r.Metric == metric).Select(r => r.Value));

    private static string Ratio(double strata, double peer) =>
        double.IsNaN(strata) || double.IsNaN(peer) || peer == 0 ? "n/a" : (strata / peer).ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>Three significant figures, grouped thousands for large values.</summary>
    private static string Format(double value) => double.IsNaN(value) ? "n/a"
        : Math.Abs(value) >= 1000 ? value.ToString("N0", CultureInfo.InvariantCulture)
        : value.ToString(Math.Abs(value) >= 100 ? "F0" : Math.Abs(value) >= 10 ? "F1" : Math.Abs(value) >= 1 ? "F2" : "F3", CultureInfo.InvariantCulture);
}
