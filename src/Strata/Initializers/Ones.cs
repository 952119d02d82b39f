namespace Strata.Initializers;

/// <summary>All ones.</summary>
public class Ones : Initializer
{
    /// <summary>A new tensor of <paramref name="shape"/> filled with ones.</summary>
    /// <param name="shape">The shape of the weight.</param>
    public override Tensor Call(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return Tensor.Ones(shape);
    }
}
