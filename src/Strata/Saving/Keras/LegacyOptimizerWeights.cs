using PureHDF;
using Strata.Optimizers;

namespace Strata.Saving.Keras;

/// <summary>
/// A legacy .h5's <c>optimizer_weights</c> (Keras 2's <c>save(include_optimizer=True)</c>), restored into the optimizer
/// its training_config compiled, as Keras's load_model does with <c>optimizer.set_weights</c>. The arrays come in
/// Keras 2's order, listed by the group's <c>weight_names</c>: the step counter first when the optimizer has one, then
/// one block per kind of slot with an array for each trainable weight in the model's order. tf.keras names a slot by
/// its kind (<c>Adam/dense/kernel/m:0</c>); older Keras numbers them (<c>training/RMSprop/Variable_3:0</c>), and
/// its blocks come in the order its optimizers created them. Keras 3's <c>save("m.h5")</c> writes its optimizer's
/// <c>variables</c> instead, in its own order, which is Strata's.
/// </summary>
internal static class LegacyOptimizerWeights
{
    /// <summary>Keras 2's slot names and the Strata slots they are.</summary>
    private static readonly Dictionary<string, string> SlotNames = new(StringComparer.Ordinal)
    {
        ["m"] = "momentum",
        ["v"] = "velocity",
        ["vhat"] = "velocity_hat",
        ["rms"] = "velocity",
        ["momentum"] = "momentum",
        ["mg"] = "average_gradient",
        ["accumulator"] = "accumulator",
    };

    /// <summary>Older Keras's blocks by optimizer: RMSprop its accumulators, Adam ms, vs and vhats, SGD its moments, Adagrad its accumulators.</summary>
    private static readonly Dictionary<string, string[]> NumberedBlocks = new(StringComparer.Ordinal)
    {
        [nameof(RMSprop)] = ["velocity"],
        [nameof(Adam)] = ["momentum", "velocity", "velocity_hat"],
        [nameof(SGD)] = ["momentum"],
        [nameof(Adagrad)] = ["accumulator"],
    };

    public static void Restore(Model model, IH5Group group, string source, string path, bool keras3)
    {
        if (model.CompiledSettings is not { } compiled) return; // loaded uncompiled: already said why
        Optimizer optimizer = compiled.Optimizer;
        IReadOnlyList<Variable> trainable = model.TrainableWeights;
        optimizer.EnsureBuilt(trainable);
        string[] names = H5Arrays.ReadStrings(group, "weight_names", source, "optimizer_weights");
        var arrays = names.Select(n => (Name: n, Value: group.LinkExists(n) ? H5Arrays.Read(group.Dataset(n), source, $"optimizer_weights/{n}")
            : throw H5Arrays.Invalid(source, $"optimizer_weights/{n}", "is listed in weight_names but missing"))).ToList();
        if (keras3)
        {
            model.RestoreOptimizer(arrays, path);
            return;
        }
        if (arrays.Count > 0 && arrays[0].Value.Shape.Size == 1 && Leaf(arrays[0].Name).StartsWith("iter", StringComparison.Ordinal))
        {
            optimizer.Variables[0].Assign(arrays[0].Value.AsType(DType.Int64).Reshape([]));
            arrays.RemoveAt(0);
        }
        int n = trainable.Count;
        if (n == 0 || arrays.Count % n != 0)
        {
            throw new InvalidDataException($"{source}: optimizer_weights holds {arrays.Count} slot arrays, not a whole number of blocks of one per trainable weight ({n}) of model '{model.Name}'.");
        }
        string[]? numbered = NumberedBlocks.GetValueOrDefault(optimizer.GetType().Name);
        var assigned = new HashSet<Variable>();
        for (int block = 0; block < arrays.Count / n; block++)
        {
            for (int i = 0; i < n; i++)
            {
                (string name, Tensor value) = arrays[(block * n) + i];
                string kind = Kind(name, block, numbered, source);
                Variable? slot = optimizer.Slot(trainable[i], kind);
                if (slot is null)
                {
                    // Older Keras's Adam keeps a placeholder vhat of one value per weight when amsgrad is off.
                    if (kind == "velocity_hat" && value.Shape.Size == 1) continue;
                    throw new InvalidDataException($"{source}: optimizer_weights/{name} is a '{kind}' slot, which optimizer '{optimizer.Name}' ({optimizer.GetType().Name}) does not have.");
                }
                if (value.Shape != slot.Shape) throw new InvalidDataException($"{source}: optimizer_weights/{name} is {value.Shape}, but the '{kind}' slot of '{trainable[i].Name}' is {slot.Shape}.");
                slot.Assign(value.AsType(DType.Float32));
                assigned.Add(slot);
            }
        }
        Variable? missing = optimizer.SlotVariables.FirstOrDefault(s => !assigned.Contains(s));
        if (missing is not null) throw new InvalidDataException($"{source}: optimizer_weights holds nothing for the optimizer's slot '{missing.Name}'.");
    }

    /// <summary>The Strata slot a block holds: from tf.keras's slot name, or older Keras's block order.</summary>
    private static string Kind(string name, int block, string[]? numbered, string source)
    {
        string leaf = Leaf(name);
        if (SlotNames.TryGetValue(leaf, out string? kind)) return kind;
        if (leaf.StartsWith("Variable", StringComparison.Ordinal) && numbered is not null && block < numbered.Length) return numbered[block];
        throw new InvalidDataException($"{source}: optimizer_weights/{name} is not a slot Strata knows (known: {string.Join(", ", SlotNames.Keys)}, or numbered Variable_k blocks of RMSprop, Adam, SGD and Adagrad).");
    }

    /// <summary>The last part of a variable's path without its ":0".</summary>
    private static string Leaf(string name)
    {
        string leaf = name[(name.LastIndexOf('/') + 1)..];
        int colon = leaf.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? leaf : leaf[..colon];
    }
}
