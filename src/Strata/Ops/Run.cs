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
        // A large elementwise result waits until it is read, so that a chain of them runs as one pass.
        if (LazyElementwise.Applies(kernel, shape, dtype, inputs)) return new Tensor(shape, dtype, kernel, inputs);
        var output = new Tensor(shape, dtype);
        Trace.Run(kernel, inputs, output);
        return output;
    }
}
