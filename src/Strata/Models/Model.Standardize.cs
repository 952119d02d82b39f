using Strata.Layers;
using Strata.Losses;

namespace Strata;

public partial class Model
{
    /// <summary>
    /// The input arrays as the model runs them: one per model input, each converted to the dtype its
    /// <see cref="Input"/> declares (float32 unless declared), as Keras's functional model converts
    /// its inputs, so integer, uint8 or bool data trains as the same values in float32 would.
    /// </summary>
    private Tensor[] StandardizeInputs(Tensor[] x, string op)
    {
        ArgumentNullException.ThrowIfNull(x);
        IReadOnlyList<DType>? dtypes = InputDTypes;
        if (dtypes is null) return x;
        if (x.Length != dtypes.Count)
        {
            throw new ArgumentException($"{op}: model '{Name}' has {dtypes.Count} input(s), got {x.Length} input array(s).", nameof(x));
        }
        RequireNoNull(x, "input", op);
        for (int i = 0; i < x.Length; i++)
        {
            if ((x[i].DType == DType.String) != (dtypes[i] == DType.String))
            {
                throw new ArgumentException($"{op}: input {i} of model '{Name}' expects {dtypes[i].Name()} values, got a {x[i].DType.Name()} tensor of shape {x[i].Shape}; texts and numbers do not convert into each other.", nameof(x));
            }
        }
        return x.Select((t, i) => t.DType == dtypes[i] ? t : t.AsType(dtypes[i])).ToArray();
    }

    /// <summary>
    /// The target arrays: one per output, converted to float32 as Keras's losses convert them, except
    /// the integer labels of SparseCategoricalCrossentropy, which stay as given.
    /// </summary>
    private static Tensor[] StandardizeTargets(Tensor[] y, CompiledTraining compiled, string op)
    {
        ArgumentNullException.ThrowIfNull(y);
        if (y.Length != compiled.OutputCount)
        {
            throw new ArgumentException($"{op}: the model has {compiled.OutputCount} output(s), got {y.Length} target array(s).", nameof(y));
        }
        RequireNoNull(y, "target", op);
        return y.Select((t, i) => t.DType == DType.Float32 || compiled.OutputLoss(i) is SparseCategoricalCrossentropy ? t : t.AsType(DType.Float32)).ToArray();
    }

    private static void RequireNoNull(Tensor[] arrays, string what, string op)
    {
        int missing = Array.IndexOf(arrays, null);
        if (missing >= 0) throw new ArgumentException($"{op}: {what} {missing} is null.");
    }

    /// <summary>Checked and converted inputs, targets and weights of Fit, Evaluate or a batch method.</summary>
    private TrainingData LabelledData(Tensor[] x, Tensor[] y, Tensor? sampleWeight, CompiledTraining compiled, string op) =>
        new(StandardizeInputs(x, op), StandardizeTargets(y, compiled, op), sampleWeight, op);

    /// <summary>The dtype each input expects, one per input; null for a model that has no declared inputs.</summary>
    internal virtual IReadOnlyList<DType>? InputDTypes =>
        _inputs.Length == 0 ? null : _inputs.Select(i => i is Input input ? input.DType : DType.Float32).ToArray();
}
