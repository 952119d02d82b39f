using Strata.Layers;
using Strata.Losses;
using Strata.Optimizers;

namespace Strata.Tests.Compilation;

/// <summary>
/// The compiled step's gradients against central finite differences of the loss: with plain SGD at
/// learning rate 1 one replayed TrainOnBatch moves each weight by exactly minus its gradient.
/// </summary>
public class CompiledGradientTests
{
    public static TheoryData<string> Cases => [.. Networks.Keys];

    private static readonly Dictionary<string, Func<(Sequential Model, Tensor Y, Loss Loss)>> Networks = new()
    {
        ["softmax, categorical crossentropy"] = () => (Net("tanh", 4, "softmax"), OneHot(4), new CategoricalCrossentropy()),
        ["sigmoid, binary crossentropy"] = () => (Net("sigmoid", 2, "sigmoid"), Tensor.Uniform([16, 2], seed: 3), new BinaryCrossentropy()),
        ["logits, sparse categorical crossentropy"] = () => (Net("tanh", 4, null), Labels(4), new SparseCategoricalCrossentropy(fromLogits: true)),
        ["linear, mean squared error"] = () => (Net("tanh", 3, null), Tensor.Uniform([16, 3], seed: 4), new MeanSquaredError()),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientsMatchFiniteDifferences(string name)
    {
        Strata.Random.SetSeed(21);
        (Sequential model, Tensor y, Loss loss) = Networks[name]();
        model.Compile(optimizer: new SGD(learningRate: 1f), loss: loss);
        Tensor x = Tensor.Uniform([16, 5], -1f, 1f, seed: 5);
        model.TrainOnBatch(x, y); // two traced steps; the third replays the compiled graph
        model.TrainOnBatch(x, y);
        float[][] before = model.GetWeights().Select(w => w.ToArray<float>()).ToArray();

        model.TrainOnBatch(x, y);
        Assert.NotEmpty(model.TrainStepFunction!.Executables);
        float[][] after = model.GetWeights().Select(w => w.ToArray<float>()).ToArray();

        for (int v = 0; v < before.Length; v++)
        {
            for (int i = 0; i < before[v].Length; i += 3)
            {
                double numeric = CentralDifference(model, x, y, before, v, i, h: 1e-2f);
                double compiled = before[v][i] - after[v][i];
                Assert.True(Math.Abs(numeric - compiled) <= 2e-3 + (1e-2 * Math.Abs(numeric)),
                    $"{name}: weight {v}[{i}]: compiled gradient {compiled}, finite difference {numeric}");
            }
        }
    }

    /// <summary>(L(w + h) - L(w - h)) / 2h for one weight, the others as they were before the step.</summary>
    private static double CentralDifference(Model model, Tensor x, Tensor y, float[][] weights, int v, int i, float h)
    {
        double LossAt(float delta)
        {
            float[][] shifted = weights.Select(w => (float[])w.Clone()).ToArray();
            shifted[v][i] += delta;
            model.SetWeights(shifted.Select((w, k) => Tensor.FromArray(w, model.GetWeights()[k].Shape.ToArray())).ToArray());
            return model.TestOnBatch(x, y)["loss"];
        }
        return (LossAt(h) - LossAt(-h)) / (2 * h);
    }

    private static Sequential Net(string hidden, int outputs, string? activation)
    {
        var model = new Sequential([new InputLayer(shape: [5]), new Dense(6, activation: hidden), new Dense(outputs, activation: activation)]);
        return model;
    }

    private static Tensor Labels(int classes) => Tensor.FromArray(Enumerable.Range(0, 16).Select(i => (i * 5) % classes).ToArray());

    private static Tensor OneHot(int classes) => Utils.ToCategorical(Labels(classes), classes);
}
