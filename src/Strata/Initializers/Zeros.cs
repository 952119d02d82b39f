namespace Strata.Initializers;

/// <summary>All zeros (Keras's default for biases).</summary>
public class Zeros : Initializer
{
    /// <summary>A new tensor of <paramref name="shape"/> filled with zeros.</summary>
    /// <param name="shape">The shape of the weight.</param>
    public override Tensor Call(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return Tensor.Zeros(shape);
    }
}
