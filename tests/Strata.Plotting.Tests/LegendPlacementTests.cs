using ScottPlot;

namespace Strata.Plotting.Tests;

public class LegendPlacementTests
{
    private static Coordinates[] Curve(params double[] ys) => ys.Select((y, i) => new Coordinates(i + 1, y)).ToArray();

    [Fact]
    public void A_falling_curve_leaves_the_upper_right_free()
    {
        Assert.Equal(Alignment.UpperRight, LegendPlacement.Best(Curve(1.0, 0.6, 0.4, 0.3, 0.25)));
    }

    [Fact]
    public void A_rising_curve_leaves_the_lower_right_free()
    {
        Assert.Equal(Alignment.LowerRight, LegendPlacement.Best(Curve(0.5, 0.8, 0.9, 0.95, 0.97)));
    }

    [Fact]
    public void No_points_or_a_flat_line_still_give_a_corner()
    {
        Assert.Equal(Alignment.UpperRight, LegendPlacement.Best([]));
        Assert.Equal(Alignment.UpperRight, LegendPlacement.Best(Curve(0.5)));
    }
}
