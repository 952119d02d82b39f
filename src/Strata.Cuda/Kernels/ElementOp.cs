namespace Strata.Cuda.Kernels;

/// <summary>
/// The elementwise ops a fused chain of the compiled step is made of, by the names the ops give their kernels
/// (Add, Relu, Where...): the GPU runs a chain as a small program over these (<see cref="ElementProgram"/>).
/// Bool values travel as 0 and 1, as on the CPU.
/// </summary>
internal enum ElementOp
{
    // f(x); Identity is a broadcast (Expand) or a conversion to float32, ToBool a conversion to bool (nonzero → 1)
    Identity, Negative, Exp, Log, Sqrt, Square, Abs, Relu, Sigmoid, Tanh, Sign, LogicalNot, ToBool,

    // f(x, y)
    Add, Subtract, Multiply, Divide, Maximum, Minimum, Power,
    Equal, NotEqual, Greater, GreaterEqual, Less, LessEqual, LogicalAnd, LogicalOr,

    // f(condition, x, y)
    Where,
}
