namespace Strata.Initializers;

/// <summary>All ones.</summary>
public class Ones : Initializer
{
    public override Tensor Call(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return Tensor.Ones(shape);
    }
}
