namespace Strata.Initializers;

/// <summary>All zeros (Keras's default for biases).</summary>
public class Zeros : Initializer
{
    public override Tensor Call(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return Tensor.Zeros(shape);
    }
}
