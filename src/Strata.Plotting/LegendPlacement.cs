using ScottPlot;

namespace Strata.Plotting;

/// <summary>
/// Puts the legend in the corner where it hides the fewest points, as matplotlib's
/// legend(loc="best") does: a loss curve falls to the lower right, an accuracy curve rises to the
/// upper right, and a fixed corner would cover the end of one of them.
/// </summary>
internal static class LegendPlacement
{
    // The share of the data area a legend of two short entries roughly takes, in each direction.
    private const double Width = 0.35;
    private const double Height = 0.25;

    private static readonly Alignment[] Corners =
        [Alignment.UpperRight, Alignment.LowerRight, Alignment.UpperLeft, Alignment.LowerLeft];

    public static Alignment Best(IEnumerable<Coordinates> points)
    {
        Coordinates[] all = points.ToArray();
        if (all.Length == 0) return Alignment.UpperRight;
        double xMin = all.Min(p => p.X), xMax = all.Max(p => p.X);
        double yMin = all.Min(p => p.Y), yMax = all.Max(p => p.Y);
        double xSpan = xMax > xMin ? xMax - xMin : 1, ySpan = yMax > yMin ? yMax - yMin : 1;

        // Ties keep the order above: upper right first, as matplotlib's "best" prefers.
        return Corners.MinBy(corner => all.Count(p => Covers(corner, (p.X - xMin) / xSpan, (p.Y - yMin) / ySpan)));
    }

    private static bool Covers(Alignment corner, double x, double y)
    {
        bool right = corner is Alignment.UpperRight or Alignment.LowerRight;
        bool upper = corner is Alignment.UpperRight or Alignment.UpperLeft;
        bool inX = right ? x >= 1 - Width : x <= Width;
        bool inY = upper ? y >= 1 - Height : y <= Height;
        return inX && inY;
    }
}
