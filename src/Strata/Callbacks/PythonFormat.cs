using System.Globalization;
using System.Numerics;

namespace Strata.Callbacks;

/// <summary>
/// Python's float formatting ("{:.4f}", "{:.4e}", "{:.0f}"), digit for digit. Python rounds the
/// exact binary value and breaks exact ties to even (f"{0.03125:.4f}" is "0.0312"), which .NET's
/// "F4" does not promise, so the rounding is done here in exact integer arithmetic.
/// </summary>
internal static class PythonFormat
{
    /// <summary>Python's f"{x:.{decimals}f}".</summary>
    public static string Fixed(double x, int decimals)
    {
        if (!double.IsFinite(x)) return NonFinite(x);
        var (num, den) = Exact(Math.Abs(x));
        BigInteger q = RoundHalfEven(num * BigInteger.Pow(10, decimals), den);
        string digits = q.ToString(CultureInfo.InvariantCulture).PadLeft(decimals + 1, '0');
        string text = decimals == 0 ? digits : digits[..^decimals] + "." + digits[^decimals..];
        return double.IsNegative(x) ? "-" + text : text;
    }

    /// <summary>Python's f"{x:.{decimals}e}": one digit, the decimals, and a signed exponent of two or more digits.</summary>
    public static string Exponent(double x, int decimals)
    {
        if (!double.IsFinite(x)) return NonFinite(x);
        string sign = double.IsNegative(x) ? "-" : "";
        if (x == 0) return $"{sign}0.{new string('0', decimals)}e+00";
        var (num, den) = Exact(Math.Abs(x));
        int exponent = (int)Math.Floor(Math.Log10(Math.Abs(x)));
        BigInteger low = BigInteger.Pow(10, decimals), high = low * 10;
        BigInteger q = Scaled(num, den, decimals - exponent);
        // The logarithm can be off by one near powers of ten, and rounding can carry to 10.000...;
        // step the exponent until the rounded mantissa has exactly decimals + 1 digits.
        while (q >= high) q = Scaled(num, den, decimals - ++exponent);
        while (q < low) q = Scaled(num, den, decimals - --exponent);
        string digits = q.ToString(CultureInfo.InvariantCulture);
        string mantissa = decimals == 0 ? digits : digits[..1] + "." + digits[1..];
        string exp = Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        return $"{sign}{mantissa}e{(exponent < 0 ? '-' : '+')}{exp}";
    }

    /// <summary>round(num / den * 10^power), ties to even.</summary>
    private static BigInteger Scaled(BigInteger num, BigInteger den, int power) => power >= 0
        ? RoundHalfEven(num * BigInteger.Pow(10, power), den)
        : RoundHalfEven(num, den * BigInteger.Pow(10, -power));

    /// <summary>A finite non-negative double as an exact fraction num / den (den a power of two).</summary>
    private static (BigInteger Num, BigInteger Den) Exact(double x)
    {
        long bits = BitConverter.DoubleToInt64Bits(x);
        int biased = (int)((bits >> 52) & 0x7FF);
        long fraction = bits & 0xFFFFFFFFFFFFFL;
        // Normal numbers carry an implicit leading 1; subnormals use the smallest exponent.
        long mantissa = biased == 0 ? fraction : fraction | (1L << 52);
        int exponent = (biased == 0 ? 1 : biased) - 1075;
        return exponent >= 0
            ? (new BigInteger(mantissa) << exponent, BigInteger.One)
            : (new BigInteger(mantissa), BigInteger.One << -exponent);
    }

    private static BigInteger RoundHalfEven(BigInteger num, BigInteger den)
    {
        BigInteger q = BigInteger.DivRem(num, den, out BigInteger r);
        int cmp = (r * 2).CompareTo(den);
        return cmp > 0 || (cmp == 0 && !q.IsEven) ? q + 1 : q;
    }

    private static string NonFinite(double x) => double.IsNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
}
