using Strata.Callbacks;

namespace Strata.Tests.Callbacks;

/// <summary>The numbers on the progress bar: Python's "{:.Nf}" and "{:.Ne}", worked out by hand from CPython's rules.</summary>
public class ProgressBarNumberFormatTests
{
    [Theory]
    [InlineData(0.03125, 4, "0.0312")] // exact tie: to even
    [InlineData(0.28125, 4, "0.2812")]
    [InlineData(0.09375, 4, "0.0938")]
    [InlineData(2.675, 2, "2.67")] // 2.675 is just below in binary
    [InlineData(0.5, 0, "0")]
    [InlineData(1.5, 0, "2")]
    [InlineData(2.5, 0, "2")]
    [InlineData(0.9255, 4, "0.9255")]
    [InlineData(-0.00001, 4, "-0.0000")]
    [InlineData(-0.0, 4, "-0.0000")]
    [InlineData(1e20, 4, "100000000000000000000.0000")]
    [InlineData(123.456, 0, "123")]
    [InlineData(double.NaN, 4, "nan")]
    [InlineData(double.NegativeInfinity, 4, "-inf")]
    public void Fixed(double x, int decimals, string expected) => Assert.Equal(expected, PythonFormat.Fixed(x, decimals));

    [Theory]
    [InlineData(1e-5, 4, "1.0000e-05")]
    [InlineData(1.234567e-5, 4, "1.2346e-05")]
    [InlineData(0.00012345, 4, "1.2345e-04")]
    [InlineData(9.99996e-4, 4, "1.0000e-03")] // rounding carries into the exponent
    [InlineData(0.0, 4, "0.0000e+00")]
    [InlineData(-0.0, 4, "-0.0000e+00")]
    [InlineData(-0.5, 4, "-5.0000e-01")]
    [InlineData(123456.0, 2, "1.23e+05")]
    [InlineData(1e-300, 4, "1.0000e-300")]
    [InlineData(5e-324, 4, "4.9407e-324")]
    [InlineData(1e100, 4, "1.0000e+100")]
    [InlineData(1.5, 0, "2e+00")]
    [InlineData(2.5, 0, "2e+00")]
    [InlineData(double.NaN, 4, "nan")]
    [InlineData(double.PositiveInfinity, 4, "inf")]
    public void Exponent(double x, int decimals, string expected) => Assert.Equal(expected, PythonFormat.Exponent(x, decimals));
}
