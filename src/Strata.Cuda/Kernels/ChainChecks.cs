namespace Strata.Cuda.Kernels;

/// <summary>What every interpreted chain (<see cref="ElementChain"/>, <see cref="RowChain"/>) checks of its program before it goes to the device.</summary>
internal static class ChainChecks
{
    /// <summary>1 to <see cref="ElementProgram.MaxSteps"/> steps (the kernels' registers) and at most <see cref="ElementInputs.MaxInputs"/> inputs.</summary>
    public static void Size(string chain, int steps, int inputs)
    {
        if (steps is 0 or > ElementProgram.MaxSteps)
        {
            throw new ArgumentException($"GPU {chain}: {steps} steps; a chain has 1 to {ElementProgram.MaxSteps}.", nameof(steps));
        }
        if (inputs > ElementInputs.MaxInputs)
        {
            throw new ArgumentException($"GPU {chain}: {inputs} inputs; a chain reads at most {ElementInputs.MaxInputs}.", nameof(inputs));
        }
    }

    /// <summary>Each operand of step <paramref name="s"/> names an earlier step (≥ 0) or one of the inputs (-k-1).</summary>
    public static void Operands(string chain, int s, string step, int[] operands, int inputs)
    {
        foreach (int o in operands)
        {
            if (o >= s || -o - 1 >= inputs) throw new ArgumentException($"GPU {chain}: {step} reads operand {o}, which is neither an earlier step nor one of the {inputs} inputs.", "steps");
        }
    }
}
