namespace Strata.Planning;

/// <summary>
/// Where a planned stage's values for a batch lie: row-major, one row of features per sample, starting at
/// <see cref="Offset"/> in <see cref="Array"/>. A plain pair, so handing it from stage to stage allocates nothing.
/// </summary>
internal readonly record struct Rows(float[] Array, int Offset)
{
    public Span<float> Span(int length) => new(Array, Offset, length);

    public static Rows Of(Tensor t) => new(t.Array<float>(), t.Offset);
}
