using Strata.Compilation;

namespace Strata;

public static partial class Ops
{
    /// <summary>
    /// Runs an op's kernel into a new tensor of <paramref name="shape"/> and <paramref name="dtype"/>:
    /// the one way an op computes, so that a traced step records every op it runs.
    /// </summary>
    internal static Tensor Run(Kernel kernel, Shape shape, DType dtype, params Tensor[] inputs)
    {
        if (!kernel.TakesStrings) RefuseStrings(kernel, dtype, inputs);
        // A large elementwise result waits until it is read, so that a chain of them runs as one pass.
        if (LazyElementwise.Applies(kernel, shape, dtype, inputs)) return new Tensor(shape, dtype, kernel, inputs);
        var output = new Tensor(shape, dtype);
        Trace.Run(kernel, inputs, output);
        return output;
    }

    /// <summary>Texts reach only the kernels written for them; any other op on a string tensor is a clear error, not a wrong reinterpretation.</summary>
    private static void RefuseStrings(Kernel kernel, DType dtype, Tensor[] inputs)
    {
        bool strings = dtype == DType.String;
        foreach (Tensor input in inputs) strings |= input.DType == DType.String;
        if (strings)
        {
            throw new ArgumentException($"{kernel.Name}: not defined on string tensors; turn texts into numbers first (TextVectorization).");
        }
    }
}
