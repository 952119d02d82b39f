using System.Numerics.Tensors;

namespace Strata.Kernels;

/// <summary>
/// An activation inside a recurrent cell (Keras's activation and recurrent_activation): applied in place to a
/// gate's row, and differentiated from its output alone, as backpropagation through time keeps only the
/// activated gates. So the cells take the activations whose derivative is a function of their value: tanh
/// (1 − y²), sigmoid (y·(1 − y)), hard_sigmoid (Keras 3's relu6(x + 3)/6: 1/6 inside (0, 1)), relu (1 where
/// y &gt; 0), softsign ((1 − |y|)²) and linear (1); and Keras 2's hard_sigmoid, clip(0.2x + 0.5, 0, 1), which
/// files saved by Keras 2 mean by "hard_sigmoid" (slope 0.2 inside (0, 1)).
/// </summary>
internal sealed class CellActivation
{
    /// <summary>The names a recurrent layer accepts, as Keras spells them.</summary>
    public static readonly string[] Names = ["tanh", "sigmoid", "hard_sigmoid", "relu", "softsign", "linear", "hard_sigmoid_keras2"];

    public static readonly CellActivation Tanh = new("tanh"), Sigmoid = new("sigmoid");

    private readonly int _kind; // the index in Names: a switch on it costs nothing per row

    private CellActivation(string name) => (Name, _kind) = (name, Array.IndexOf(Names, name));

    public string Name { get; }

    /// <summary>The activation called <paramref name="name"/> (null: linear, as Keras's None); an unknown one names the layer and what it takes.</summary>
    public static CellActivation For(string? name, string layer, string argument)
    {
        name ??= "linear";
        if (!Names.Contains(name))
        {
            throw new ArgumentException($"{layer}: {argument} \"{name}\" is not one a recurrent cell takes; use one of {string.Join(", ", Names.Select(n => $"\"{n}\""))} (or null for linear).", argument);
        }
        return name switch { "tanh" => Tanh, "sigmoid" => Sigmoid, _ => new CellActivation(name) };
    }

    /// <summary>x ← f(x).</summary>
    public void Apply(Span<float> x)
    {
        switch (_kind)
        {
            case 0: TensorPrimitives.Tanh(x, x); break;
            case 1: TensorPrimitives.Sigmoid(x, x); break;
            case 2:
                TensorPrimitives.Add(x, 3f, x); // relu6(x + 3) / 6
                TensorPrimitives.Max(x, 0f, x);
                TensorPrimitives.Min(x, 6f, x);
                TensorPrimitives.Divide(x, 6f, x);
                break;
            case 3: TensorPrimitives.Max(x, 0f, x); break;
            case 4:
                for (int i = 0; i < x.Length; i++) x[i] /= 1f + MathF.Abs(x[i]);
                break;
            case 6:
                TensorPrimitives.Multiply(x, 0.2f, x); // Keras 2: clip(0.2x + 0.5, 0, 1)
                TensorPrimitives.Add(x, 0.5f, x);
                TensorPrimitives.Max(x, 0f, x);
                TensorPrimitives.Min(x, 1f, x);
                break;
            default: break; // linear
        }
    }

    /// <summary>d = upstream · f′ at the point whose activated value is <paramref name="y"/>.</summary>
    public void Gradient(ReadOnlySpan<float> upstream, ReadOnlySpan<float> y, Span<float> d)
    {
        switch (_kind)
        {
            case 0:
                TensorPrimitives.Multiply(y, y, d);
                TensorPrimitives.Subtract(1f, d, d);
                TensorPrimitives.Multiply(d, upstream, d);
                break;
            case 1:
                RecurrentRows.SigmoidGradient(upstream, y, d);
                break;
            default:
                for (int i = 0; i < d.Length; i++) d[i] = upstream[i] * Slope(y[i]);
                break;
        }
    }

    private float Slope(float y) => _kind switch
    {
        2 => y is > 0f and < 1f ? 1f / 6f : 0f,
        3 => y > 0f ? 1f : 0f,
        4 => (1f - MathF.Abs(y)) * (1f - MathF.Abs(y)),
        6 => y is > 0f and < 1f ? 0.2f : 0f,
        _ => 1f, // linear
    };

    public override string ToString() => Name;
}
