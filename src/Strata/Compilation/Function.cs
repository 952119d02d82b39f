using System.Runtime.CompilerServices;
using Strata.Compilation;

namespace Strata;

/// <summary>
/// Compiles a step function, the role of TensorFlow's <c>tf.function</c> and JAX's <c>jax.jit</c>:
/// <c>var trainStep = Function.Compile((Tensor x, Tensor y) => { ... return loss; });</c> returns a
/// function called exactly as the original. Its first calls for a given input signature (shapes
/// and dtypes) run eagerly while tracing every op, gradient and optimizer update into a graph; later
/// calls replay that graph with planned buffers and no per-op allocation. Anything the step cannot
/// replay (a branch on tensor values, a value read with <c>ToArray</c>) keeps it eager, with one
/// warning that says why. Results are returned as new tensors, as the eager function's would be.
/// </summary>
public static class Function
{
    private static readonly ConditionalWeakTable<Delegate, CompiledStep> Steps = [];

    /// <summary>A step of one tensor in and one out.</summary>
    public static Func<Tensor, Tensor> Compile(Func<Tensor, Tensor> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        Func<Tensor[], Tensor[]> run = Compiled(step.Method.Name, args => [step(args[0])], out CompiledStep compiled);
        Func<Tensor, Tensor> f = x => run([x])[0];
        Steps.Add(f, compiled);
        return f;
    }

    /// <summary>A step of two tensors in (inputs and targets, say) and one out.</summary>
    public static Func<Tensor, Tensor, Tensor> Compile(Func<Tensor, Tensor, Tensor> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        Func<Tensor[], Tensor[]> run = Compiled(step.Method.Name, args => [step(args[0], args[1])], out CompiledStep compiled);
        Func<Tensor, Tensor, Tensor> f = (x, y) => run([x, y])[0];
        Steps.Add(f, compiled);
        return f;
    }

    /// <summary>A step of any number of tensors in and out.</summary>
    public static Func<Tensor[], Tensor[]> Compile(Func<Tensor[], Tensor[]> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        Func<Tensor[], Tensor[]> run = Compiled(step.Method.Name, step, out CompiledStep compiled);
        Steps.Add(run, compiled);
        return run;
    }

    /// <summary>The graphs a compiled function has traced, printed as tables (ops, shapes, buffers), or why it runs eagerly.</summary>
    public static string Describe(Delegate compiled)
    {
        ArgumentNullException.ThrowIfNull(compiled);
        if (!Steps.TryGetValue(compiled, out CompiledStep? step)) throw new ArgumentException("Function.Describe: this delegate was not made by Function.Compile.", nameof(compiled));
        string graphs = string.Join(Environment.NewLine, step.Executables.Select(e => e.ToString()));
        string eager = string.Join(Environment.NewLine, step.EagerReasons.Select(r => $"eager: {r}"));
        return graphs.Length + eager.Length == 0 ? "(not traced yet)" : graphs + eager;
    }

    internal static CompiledStep StepOf(Delegate compiled) => Steps.TryGetValue(compiled, out CompiledStep? step) ? step
        : throw new ArgumentException("not a compiled function", nameof(compiled));

    private static Func<Tensor[], Tensor[]> Compiled(string name, Func<Tensor[], Tensor[]> step, out CompiledStep compiled)
    {
        var graphStep = new CompiledStep($"function '{name}'", step);
        compiled = graphStep;
        return args =>
        {
            ArgumentNullException.ThrowIfNull(args);
            for (int i = 0; i < args.Length; i++)
            {
                if (args[i] is null) throw new ArgumentNullException(nameof(args), $"Function: argument {i} is null.");
            }
            // A replay's results live in the step's buffers until the next call: hand out copies.
            return graphStep.Run(args, static results =>
            {
                var copies = new Tensor[results.Length];
                for (int i = 0; i < results.Length; i++) copies[i] = results[i].Copy();
                return copies;
            });
        };
    }
}
