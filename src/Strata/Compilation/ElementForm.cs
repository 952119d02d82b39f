namespace Strata.Compilation;

/// <summary>A float32 kernel from one span to another, element by element.</summary>
internal delegate void SpanMap(ReadOnlySpan<float> x, Span<float> destination);

/// <summary>A float32 kernel from two spans of one length to a third, element by element.</summary>
internal delegate void SpanZip(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination);

/// <summary>The same with one operand a single value: f(x[i], y) or, with the operands the other way, f(y, x[i]).</summary>
internal delegate void SpanWithScalar(ReadOnlySpan<float> x, float y, Span<float> destination);

/// <summary>
/// How an elementwise op computes one stretch of elements on float32 spans: what lets the compiler
/// fuse a chain of such ops into one pass (<see cref="FusedElementwise"/>). The forms call the
/// same span functions as the ops' own kernels, so a fused chain computes exactly what the ops do;
/// bool values travel through a fused chain as 0 and 1.
/// </summary>
internal abstract record ElementForm
{
    /// <summary>f(x), the op's own span function.</summary>
    public sealed record Unary(SpanMap Map) : ElementForm;

    /// <summary>
    /// f(x, y), the op's own span function (a comparison writes 1 or 0), and where the op has them its
    /// forms with a single-value right operand (f(x[i], y)) or left one (f(y, x[i])).
    /// </summary>
    public sealed record Binary(SpanZip Zip, SpanWithScalar? ScalarRight = null, SpanWithScalar? ScalarLeft = null) : ElementForm;

    /// <summary>Where(condition, x, y).</summary>
    public sealed record Select : ElementForm;

    /// <summary>A conversion to float32 (a no-op on the float values a chain carries) or to bool (nonzero → 1).</summary>
    public sealed record Convert(bool ToBool) : ElementForm;

    /// <summary>The input broadcast to the output's shape (Expand): the fused chain reads it broadcast.</summary>
    public sealed record Broadcast : ElementForm;
}
