namespace Strata.Cuda.Kernels;

/// <summary>
/// The elementwise ops a fused chain of the compiled step is made of, by the names the ops give their kernels
/// (Add, Relu, Where...): the GPU runs a chain as a small program over these (<see cref="ElementProgram"/>).
/// Bool values travel as 0 and 1, as on the CPU; integer values (labels, class indices) as the floats that hold them
/// exactly (the device step refuses an integer beyond 2^24).
/// </summary>
internal enum ElementOp
{
    // f(x); Identity is a broadcast (Expand) or a conversion to float32, ToBool a conversion to bool (nonzero → 1),
    // Truncate a conversion of floats to an integer type (toward zero, as C#'s and Keras's casts)
    Identity, Negative, Exp, Log, Sqrt, Square, Abs, Relu, Sigmoid, Tanh, Sign, LogicalNot, ToBool, Truncate,

    // f(x, y)
    Add, Subtract, Multiply, Divide, Maximum, Minimum, Power,
    Equal, NotEqual, Greater, GreaterEqual, Less, LessEqual, LogicalAnd, LogicalOr,

    // f(condition, x, y)
    Where,
}
