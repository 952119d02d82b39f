namespace Strata.Layers;

/// <summary>
/// What layers do with masks: Keras's masks are booleans, true where a step counts; a mask given as numbers
/// counts where it is nonzero. Layers read them as 0/1 floats to scale or select with.
/// </summary>
internal static class Masks
{
    /// <summary>The mask as booleans.</summary>
    public static Tensor AsBool(Tensor mask) => mask.DType == DType.Bool ? mask : Ops.NotEqual(mask.AsType(DType.Float32), Tensor.Zeros([]));

    /// <summary>The mask as 0/1 floats.</summary>
    public static Tensor AsFloat(Tensor mask) => Ops.Cast(AsBool(mask), DType.Float32);

    /// <summary>Checks that a (batch, steps) mask fits inputs (batch, steps, …), naming the layer otherwise.</summary>
    public static Tensor ForSteps(Tensor mask, Tensor inputs, string layer) =>
        ForSteps(mask, inputs.Shape[0], inputs.Shape[1], $"{layer}: the mask for inputs {inputs.Shape}");

    /// <summary>Checks that a mask is (batch, steps); <paramref name="which"/> names it in the error.</summary>
    public static Tensor ForSteps(Tensor mask, int batch, int steps, string which) => mask.Shape == new Shape(batch, steps) ? mask
        : throw new ArgumentException($"{which} must be (batch, steps) = ({batch}, {steps}), got {mask.Shape}.");
}
