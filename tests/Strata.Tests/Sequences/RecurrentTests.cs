using Strata.Layers;
using Strata.Tests.Autodiff;
using Strata.Tests.Convolution;

namespace Strata.Tests.Sequences;

/// <summary>SimpleRNN, GRU and LSTM against a direct step-by-step computation in double precision, Keras's parameter counts, and finite differences.</summary>
public class RecurrentTests
{
    private const int Batch = 2, Steps = 3, Features = 3, Units = 2;

    public static TheoryData<string, bool, bool, bool> Cases()
    {
        var data = new TheoryData<string, bool, bool, bool>();
        foreach (string kind in new[] { "lstm", "gru", "gru-reset-before", "simple" })
        {
            foreach (bool masked in new[] { false, true })
            {
                data.Add(kind, false, false, masked);
                data.Add(kind, true, false, masked);
                data.Add(kind, true, true, masked);
            }
        }
        return data;
    }

    /// <summary>Sample 0 skips its middle step, sample 1 its first: a skipped step in the middle and at the start.</summary>
    private static readonly bool[,] StepMask = { { true, false, true }, { false, true, true } };

    private static Tensor MaskTensor() => Tensor.FromArray(new[] { true, false, true, false, true, true }, Batch, Steps);

    [Theory]
    [MemberData(nameof(Cases))]
    public void StepsMatchTheDirectDefinition(string kind, bool returnSequences, bool goBackwards, bool masked)
    {
        // Masked, Keras's recurrence: a skipped step keeps the state (and c), and its output is the state carried.
        BaseRnn layer = Make(kind, returnSequences, goBackwards);
        Tensor x = Tensor.Uniform([Batch, Steps, Features], -1f, 1f, seed: 1);
        Tensor? mask = masked ? MaskTensor() : null;
        layer.Build(-1, Steps, Features);
        // Random weights everywhere (the biases too), so that every gate and bias row is exercised.
        for (int i = 0; i < layer.Weights.Count; i++) layer.Weights[i].Assign(Tensor.Uniform(layer.Weights[i].Value.Shape.ToArray(), -0.8f, 0.8f, seed: 10 + i));
        float[] y = layer.Call(x, mask).ToArray<float>();
        double[][][] expected = Direct(kind, x.ToArray<float>(), layer.Weights.Select(w => w.Value.ToArray<float>()).ToArray(), goBackwards, masked ? StepMask : null);
        double[] flat = returnSequences
            ? Enumerable.Range(0, Batch).SelectMany(b => expected[b].SelectMany(h => h)).ToArray()
            : Enumerable.Range(0, Batch).SelectMany(b => expected[b][^1]).ToArray();
        Assert.Equal(flat.Length, y.Length);
        for (int i = 0; i < y.Length; i++) Assert.Equal(flat[i], y[i], 1e-5);
        GradientCheck.Check(t => layer.Call(t[0], mask), x);
    }

    [Theory]
    [InlineData("lstm", false, false)]
    [InlineData("lstm", true, false)]
    [InlineData("lstm", false, true)]
    [InlineData("lstm", true, true)]
    [InlineData("gru", false, false)]
    [InlineData("gru", true, false)]
    [InlineData("gru", true, true)]
    [InlineData("gru-reset-before", false, false)]
    [InlineData("gru-reset-before", false, true)]
    [InlineData("simple", false, false)]
    [InlineData("simple", true, false)]
    [InlineData("simple", true, true)]
    public void TheWeightsGradientsMatchFiniteDifferences(string kind, bool goBackwards, bool masked)
    {
        // Every weight (kernel, recurrent kernel, bias) through the whole sequence, against central differences in float64 sums.
        BaseRnn lstm = Make(kind, returnSequences: true, goBackwards);
        AssertWeightGradientsMatchFiniteDifferences(lstm, masked ? MaskTensor() : null);
    }

    [Theory]
    [InlineData("lstm", "relu", "hard_sigmoid", false)]
    [InlineData("lstm", "softsign", "sigmoid", true)]
    [InlineData("lstm", null, "tanh", false)]
    [InlineData("gru", "relu", "hard_sigmoid", true)]
    [InlineData("gru", "softsign", "linear", false)]
    [InlineData("gru-reset-before", "linear", "hard_sigmoid", true)]
    [InlineData("gru-reset-before", "sigmoid", "relu", false)]
    [InlineData("simple", "relu", "sigmoid", true)]
    [InlineData("simple", "softsign", "sigmoid", false)]
    [InlineData("simple", "hard_sigmoid", "sigmoid", false)]
    public void OtherActivationsMatchTheDirectDefinitionAndFiniteDifferences(string kind, string? activation, string recurrentActivation, bool masked)
    {
        // Keras's activation and recurrent_activation: the cell's and the gates' functions, inside the fused kernels.
        BaseRnn layer = kind switch
        {
            "lstm" => new LSTM(Units, activation, recurrentActivation, returnSequences: true, goBackwards: masked),
            "gru" => new GRU(Units, activation, recurrentActivation, returnSequences: true, goBackwards: masked),
            "gru-reset-before" => new GRU(Units, activation, recurrentActivation, returnSequences: true, goBackwards: masked, resetAfter: false),
            _ => new SimpleRNN(Units, activation, returnSequences: true, goBackwards: masked),
        };
        Assert.Equal(activation ?? "linear", layer.Activation);
        Tensor x = Tensor.Uniform([Batch, Steps, Features], -1f, 1f, seed: 3);
        Tensor? mask = masked ? MaskTensor() : null;
        layer.Build(-1, Steps, Features);
        for (int i = 0; i < layer.Weights.Count; i++) layer.Weights[i].Assign(Tensor.Uniform(layer.Weights[i].Value.Shape.ToArray(), -0.8f, 0.8f, seed: 30 + i));
        float[] y = layer.Call(x, mask).ToArray<float>();
        double[][][] expected = Direct(kind, x.ToArray<float>(), layer.Weights.Select(w => w.Value.ToArray<float>()).ToArray(), masked, masked ? StepMask : null,
            cell: Function(activation ?? "linear"), gate: Function(kind == "simple" ? "sigmoid" : recurrentActivation));
        double[] flat = Enumerable.Range(0, Batch).SelectMany(b => expected[b].SelectMany(h => h)).ToArray();
        for (int i = 0; i < y.Length; i++) Assert.Equal(flat[i], y[i], 1e-5);
        AssertWeightGradientsMatchFiniteDifferences(layer, mask);
        GradientCheck.Check(t => layer.Call(t[0], mask), x);
        // Saved in the config under Keras's names, and rebuilt with them (Bidirectional's backward copy too).
        var input = new Input(shape: [Steps, Features]);
        var model = new Model(input, new Bidirectional(layer).Call(input));
        Model loaded = RoundTrip.SaveAndLoad(model);
        var copy = (BaseRnn)((Bidirectional)loaded.Layers[0]).Backward;
        Assert.Equal((layer.Activation, layer.RecurrentActivation), (copy.Activation, copy.RecurrentActivation));
        Assert.Equal(model.Predict(x, verbose: 0).ToArray<float>(), loaded.Predict(x, verbose: 0).ToArray<float>());
    }

    [Fact]
    public void AnActivationACellCannotDifferentiateIsRefusedByName()
    {
        var e = Assert.Throws<ArgumentException>(() => new LSTM(4, activation: "elu"));
        Assert.Contains("LSTM: activation \"elu\"", e.Message);
        Assert.Contains("\"hard_sigmoid\"", e.Message);
        Assert.Contains("recurrentActivation \"gelu\"", Assert.Throws<ArgumentException>(() => new GRU(4, recurrentActivation: "gelu")).Message);
        Assert.Contains("activation \"swish\"", Assert.Throws<ArgumentException>(() => Ops.SimpleRnnSequence(Tensor.Zeros(2, 1, 3), Tensor.Zeros(3, 3), activation: "swish")).Message);
    }

    /// <summary>Every weight (kernel, recurrent kernel, bias) through the whole sequence, against central differences in float64 sums.</summary>
    private static void AssertWeightGradientsMatchFiniteDifferences(BaseRnn lstm, Tensor? mask)
    {
        Tensor x = Tensor.Uniform([Batch, Steps, Features], -1f, 1f, seed: 7), u = Tensor.Uniform([Batch, Steps, Units], -1f, 1f, seed: 8);
        lstm.Build(-1, Steps, Features);
        for (int i = 0; i < lstm.Weights.Count; i++) lstm.Weights[i].Assign(Tensor.Uniform(lstm.Weights[i].Value.Shape.ToArray(), -0.8f, 0.8f, seed: 20 + i));
        double Loss() => lstm.Call(x, mask).ToArray<float>().Zip(u.ToArray<float>(), (a, b) => (double)a * b).Sum();
        Tensor[] grads;
        using (var tape = new GradientTape()) grads = tape.Gradient(Ops.Sum(lstm.Call(x, mask) * u), [.. lstm.Weights]);
        for (int w = 0; w < lstm.Weights.Count; w++)
        {
            Variable weight = lstm.Weights[w];
            float[] values = weight.Value.ToArray<float>(), analytic = grads[w].ToArray<float>();
            for (int j = 0; j < values.Length; j++)
            {
                const float h = 3e-3f;
                float[] plus = (float[])values.Clone(), minus = (float[])values.Clone();
                plus[j] += h;
                minus[j] -= h;
                weight.Assign(Tensor.FromArray(plus, weight.Value.Shape.ToArray()));
                double up = Loss();
                weight.Assign(Tensor.FromArray(minus, weight.Value.Shape.ToArray()));
                double down = Loss();
                weight.Assign(Tensor.FromArray(values, weight.Value.Shape.ToArray()));
                double numeric = (up - down) / (2 * h);
                Assert.True(Math.Abs(numeric - analytic[j]) <= 2e-4 + (2e-3 * Math.Abs(numeric)), $"weight {w} value {j}: finite difference {numeric}, gradient {analytic[j]}");
            }
        }
    }

    [Theory]
    [InlineData("lstm", false)]
    [InlineData("gru", false)]
    [InlineData("simple", false)]
    [InlineData("lstm", true)]
    [InlineData("gru", true)]
    [InlineData("simple", true)]
    [InlineData("gru-reset-before", true)]
    public void ASequenceSplitOverThreadsByRowsGivesTheSameBits(string kind, bool masked)
    {
        // 40 samples: the rows split between two threads, forward and through time.
        BaseRnn lstm = kind switch
        {
            "lstm" => new LSTM(6, returnSequences: true),
            "gru" => new GRU(6, returnSequences: true),
            "gru-reset-before" => new GRU(6, returnSequences: true, resetAfter: false),
            _ => new SimpleRNN(6, returnSequences: true),
        };
        Tensor x = Tensor.Uniform([40, 5, 3], -1f, 1f, seed: 9), u = Tensor.Uniform([40, 5, 6], -1f, 1f, seed: 10);
        Tensor? mask = masked ? Ops.Greater(Tensor.Uniform([40, 5], 0f, 1f, seed: 11), Tensor.Scalar(0.3f)) : null;
        lstm.Build(-1, 5, 3);
        float[][] Run(int threads) => Kernels.WithThreads.Run<float[][]>(threads, () =>
        {
            Tensor y;
            Tensor[] grads;
            using (var tape = new GradientTape())
            {
                tape.Watch(x);
                y = lstm.Call(x, mask);
                grads = tape.Gradient(Ops.Sum(y * u), [x, .. lstm.Weights]);
            }
            return [y.ToArray<float>(), .. grads.Select(g => g.ToArray<float>())];
        });
        float[][] one = Run(1), two = Run(2);
        for (int i = 0; i < one.Length; i++) Assert.Equal(one[i], two[i]);
    }

    [Theory]
    [InlineData("lstm", false)]
    [InlineData("lstm", true)]
    [InlineData("gru", false)]
    [InlineData("gru", true)]
    [InlineData("gru-reset-before", false)]
    [InlineData("gru-reset-before", true)]
    [InlineData("simple", false)]
    [InlineData("simple", true)]
    public void RecurrentDropoutScalesEachGatesStateAsTheDirectDefinition(string kind, bool goBackwards)
    {
        // The sequence ops with a recurrent dropout mask (0 or 2, rate 0.5) against Keras's implementation 1 written
        // out: each gate's product takes h ∘ r_g; then finite differences through P, U (and GRU's b₁).
        BaseRnn layer = Make(kind, returnSequences: true, goBackwards);
        Tensor x = Tensor.Uniform([Batch, Steps, Features], -1f, 1f, seed: 5);
        layer.Build(-1, Steps, Features);
        for (int i = 0; i < layer.Weights.Count; i++) layer.Weights[i].Assign(Tensor.Uniform(layer.Weights[i].Value.Shape.ToArray(), -0.8f, 0.8f, seed: 40 + i));
        float[][] w = layer.Weights.Select(v => v.Value.ToArray<float>()).ToArray();
        int width = layer.RecurrentKernel.Shape[1];
        float[] drop = Enumerable.Range(0, Batch * width).Select(i => (i * 7 % 3) == 0 ? 0f : 2f).ToArray();
        Tensor dropMask = Tensor.FromArray(drop, Batch, width);
        Tensor Sequence(Tensor projected, Tensor u, Tensor? recurrentBias) => kind switch
        {
            "lstm" => Ops.LstmSequence(projected, u, goBackwards, recurrentDropMask: dropMask),
            "gru" => Ops.GruSequence(projected, u, recurrentBias!, goBackwards, recurrentDropMask: dropMask),
            "gru-reset-before" => Ops.GruResetBeforeSequence(projected, u, goBackwards, recurrentDropMask: dropMask),
            _ => Ops.SimpleRnnSequence(projected, u, goBackwards, recurrentDropMask: dropMask),
        };
        Tensor inputBias = kind == "gru" ? Tensor.FromArray(w[2][..width], width) : layer.Bias!.Value;
        Tensor? recurrentBias = kind == "gru" ? Tensor.FromArray(w[2][width..], width) : null;
        Tensor p = Ops.Transpose(Ops.MatMul(x, layer.Kernel.Value) + inputBias, [1, 0, 2]);
        float[] y = Sequence(p, layer.RecurrentKernel.Value, recurrentBias).ToArray<float>(); // (steps, batch, units) in the order processed
        double[][][] expected = Direct(kind, x.ToArray<float>(), w, goBackwards, drop: drop);
        for (int s = 0; s < Steps; s++)
            for (int b = 0; b < Batch; b++)
                for (int k = 0; k < Units; k++) Assert.Equal(expected[b][s][k], y[(((s * Batch) + b) * Units) + k], 1e-5);
        if (recurrentBias is null) GradientCheck.Check(t => Sequence(t[0], t[1], null), p, layer.RecurrentKernel.Value);
        else GradientCheck.Check(t => Sequence(t[0], t[1], t[2]), p, layer.RecurrentKernel.Value, recurrentBias);
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    [InlineData("gru-reset-before")]
    [InlineData("simple")]
    public void DropoutDrawsOneMaskPerSequenceInTrainingOnly(string kind)
    {
        // All steps alike and no recurrence (U = 0): with one input mask per sequence every step gives the same
        // output; with recurrent dropout the state's product is dropped too, which U = 0 makes invisible.
        BaseRnn layer = kind switch
        {
            "lstm" => new LSTM(3, returnSequences: true, recurrentInitializer: new Strata.Initializers.Zeros(), dropout: 0.5f, recurrentDropout: 0.3f, seed: 1),
            "gru" => new GRU(3, returnSequences: true, recurrentInitializer: new Strata.Initializers.Zeros(), dropout: 0.5f, seed: 1),
            "gru-reset-before" => new GRU(3, returnSequences: true, resetAfter: false, recurrentInitializer: new Strata.Initializers.Zeros(), dropout: 0.5f, recurrentDropout: 0.3f, seed: 1),
            _ => new SimpleRNN(3, returnSequences: true, recurrentInitializer: new Strata.Initializers.Zeros(), dropout: 0.5f, recurrentDropout: 0.3f, seed: 1),
        };
        Tensor x = Tensor.Ones(16, 5, 8);
        float[] inference = layer.Call(x).ToArray<float>(), trained = layer.Call(x, training: true).ToArray<float>();
        bool differs = false;
        for (int b = 0; b < 16; b++)
        {
            float[] first = trained[(b * 15)..((b * 15) + 3)];
            // LSTM and GRU carry c or h forward even with U = 0, so only SimpleRNN's steps are equal; each sample's first step shows the mask.
            if (kind == "simple")
            {
                for (int t = 1; t < 5; t++) Assert.Equal(first, trained[((b * 15) + (t * 3))..((b * 15) + (t * 3) + 3)]);
            }
            differs |= !first.SequenceEqual(inference[(b * 15)..((b * 15) + 3)]);
        }
        Assert.True(differs, "training with dropout gave the inference outputs");
        Assert.Equal(inference, layer.Call(x).ToArray<float>()); // no dropout at inference
        GradientCheck.Check(t => layer.Call(t[0], training: false), Tensor.Uniform([2, 3, 8], seed: 3));
    }

    [Theory]
    [InlineData("lstm", false, false)]
    [InlineData("lstm", true, true)]
    [InlineData("gru", false, true)]
    [InlineData("simple", true, false)]
    public void ReturnStateGivesTheFinalStates(string kind, bool goBackwards, bool masked)
    {
        // Keras's [output, h] ([output, h, c] for an LSTM): h the last state carried, c the LSTM's last cell; their gradients flow.
        BaseRnn layer = kind switch
        {
            "lstm" => new LSTM(Units, returnSequences: true, goBackwards: goBackwards, returnState: true),
            "gru" => new GRU(Units, returnSequences: true, goBackwards: goBackwards, returnState: true),
            _ => new SimpleRNN(Units, returnSequences: true, goBackwards: goBackwards, returnState: true),
        };
        Tensor x = Tensor.Uniform([Batch, Steps, Features], -1f, 1f, seed: 12);
        Tensor? mask = masked ? MaskTensor() : null;
        layer.Build(-1, Steps, Features);
        for (int i = 0; i < layer.Weights.Count; i++) layer.Weights[i].Assign(Tensor.Uniform(layer.Weights[i].Value.Shape.ToArray(), -0.8f, 0.8f, seed: 50 + i));
        Tensor[] outputs = layer.CallOutputs(x, mask);
        Assert.Equal(kind == "lstm" ? 3 : 2, outputs.Length);
        var cells = new double[Batch][];
        double[][][] expected = Direct(kind, x.ToArray<float>(), layer.Weights.Select(w => w.Value.ToArray<float>()).ToArray(), goBackwards, masked ? StepMask : null, finalCells: cells);
        float[] h = outputs[1].ToArray<float>();
        for (int b = 0; b < Batch; b++)
        {
            for (int k = 0; k < Units; k++)
            {
                Assert.Equal(expected[b][^1][k], h[(b * Units) + k], 1e-5);
                if (kind == "lstm") Assert.Equal(cells[b][k], outputs[2].ToArray<float>()[(b * Units) + k], 1e-5);
            }
        }
        for (int o = 1; o < outputs.Length; o++) GradientCheck.Check(t => layer.CallOutputs(t[0], mask)[o], x);
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => layer.Call(x));
        Assert.Contains("CallOutputs", e.Message);
    }

    [Fact]
    public void ReturnedStatesFeedTheRestOfAModelSavedAndCompiled()
    {
        // A functional model that uses an LSTM's and a bidirectional GRU's states: saved and loaded, and trained compiled as eagerly.
        Model Make()
        {
            var input = new Input(shape: [-1, 3]);
            SymbolicTensor[] lstm = new LSTM(4, returnState: true).CallOutputs(input);
            SymbolicTensor[] both = new Bidirectional(new GRU(2, returnState: true)).CallOutputs(input);
            Assert.Equal(3, both.Length);
            Assert.Equal([null, 4], lstm[2].Shape);
            return new Model(input, new Dense(1).Call(new Concatenate().Call([lstm[1], lstm[2], both[0], both[2]])));
        }
        Tensor x = Tensor.Uniform([8, 5, 3], seed: 13), y = Tensor.Uniform([8, 1], seed: 14);
        Strata.Random.SetSeed(1);
        Model model = Make();
        Assert.Equal(model.Predict(x, verbose: 0).ToArray<float>(), RoundTrip.SaveAndLoad(model).Predict(x, verbose: 0).ToArray<float>());
        float[] Train(bool compiled)
        {
            Strata.Random.SetSeed(2);
            Model m = Make();
            m.CompilationEnabled = compiled;
            m.Compile(optimizer: "adam", loss: "mse");
            m.Fit(x, y, epochs: 2, batchSize: 4, shuffle: false, verbose: 0);
            if (compiled) Assert.Empty(m.TrainStepFunction!.EagerReasons);
            return m.GetWeights().SelectMany(w => w.ToArray<float>()).ToArray();
        }
        float[] eager = Train(false), compiled = Train(true);
        for (int i = 0; i < eager.Length; i++) Assert.Equal(eager[i], compiled[i], 1e-5f);
    }

    [Fact]
    public void KerasParameterCountsAndDefaults()
    {
        Assert.Equal(6272, Count(new LSTM(32)));        // the figures: LSTM(32) on 16 features
        Assert.Equal(4800, Count(new GRU(32)));         // resetAfter: true, a bias of two rows
        Assert.Equal(4704, Count(new GRU(32, resetAfter: false)));
        Assert.Equal(1568, Count(new SimpleRNN(32)));
        var lstm = new LSTM(2);
        lstm.Build(-1, 5, 3);
        Assert.Equal(new float[] { 0, 0, 1, 1, 0, 0, 0, 0 }, lstm.Bias!.Value.ToArray<float>()); // unit forget bias
        float[] u = lstm.RecurrentKernel.Value.ToArray<float>(); // orthogonal: its rows (2 × 8) are orthonormal
        Assert.Equal(1.0, u.Take(8).Sum(v => (double)v * v), 1e-4);
        Assert.Equal(0.0, u.Take(8).Zip(u.Skip(8)).Sum(p => (double)p.First * p.Second), 1e-4);

        static int Count(BaseRnn layer)
        {
            var input = new Input(shape: [10, 16]);
            return new Model(input, layer.Call(input)).CountParams();
        }
    }

    [Fact]
    public void SavedAndLoadedWithTheirSettings()
    {
        var input = new Input(shape: [4, 3]);
        var model = new Model(input, new GRU(2, returnSequences: true, goBackwards: true, resetAfter: false, recurrentDropout: 0.2f).Call(new LSTM(3, returnSequences: true, dropout: 0.3f, seed: 4).Call(input)));
        Tensor x = Tensor.Uniform([2, 4, 3], seed: 2);
        Model loaded = RoundTrip.SaveAndLoad(model);
        Assert.Equal(model.Predict(x, verbose: 0).ToArray<float>(), loaded.Predict(x, verbose: 0).ToArray<float>());
        Assert.Equal((0.3f, 0f, 4), (((LSTM)loaded.Layers[0]).Dropout, ((LSTM)loaded.Layers[0]).RecurrentDropout, ((LSTM)loaded.Layers[0]).Seed));
        Assert.Equal(0.2f, ((GRU)loaded.Layers[1]).RecurrentDropout);
    }

    private static BaseRnn Make(string kind, bool returnSequences, bool goBackwards) => kind switch
    {
        "lstm" => new LSTM(Units, returnSequences: returnSequences, goBackwards: goBackwards),
        "gru" => new GRU(Units, returnSequences: returnSequences, goBackwards: goBackwards),
        "gru-reset-before" => new GRU(Units, returnSequences: returnSequences, goBackwards: goBackwards, resetAfter: false),
        _ => new SimpleRNN(Units, returnSequences: returnSequences, goBackwards: goBackwards),
    };

    /// <summary>Each sample's states step by step (in processing order), from Keras's equations written out per unit.</summary>
    private static double[][][] Direct(string kind, float[] x, float[][] w, bool goBackwards, bool[,]? mask = null, float[]? drop = null, double[][]? finalCells = null,
        Func<double, double>? cell = null, Func<double, double>? gate = null)
    {
        Func<double, double> Activation = cell ?? Math.Tanh, Gate = gate ?? Sigmoid;
        float[] kernel = w[0], recurrent = w[1], bias = w[2];
        int gates = kind == "lstm" ? 4 : kind == "simple" ? 1 : 3;
        int width = gates * Units;
        var result = new double[Batch][][];
        for (int b = 0; b < Batch; b++)
        {
            var h = new double[Units];
            var c = new double[Units];
            result[b] = new double[Steps][];
            for (int s = 0; s < Steps; s++)
            {
                int t = goBackwards ? Steps - 1 - s : s;
                if (mask is not null && !mask[b, t])
                {
                    result[b][s] = (double[])h.Clone(); // skipped: h and c carried
                    continue;
                }
                var xw = new double[width];
                var hu = new double[width];
                for (int j = 0; j < width; j++)
                {
                    for (int f = 0; f < Features; f++) xw[j] += x[(((b * Steps) + t) * Features) + f] * kernel[(f * width) + j];
                    // With recurrent dropout, gate j / Units's product takes h scaled by that gate's block of the mask.
                    for (int k = 0; k < Units; k++) hu[j] += h[k] * (drop is null ? 1f : drop[(b * width) + (j / Units * Units) + k]) * recurrent[(k * width) + j];
                    xw[j] += bias[j];
                    if (kind == "gru") hu[j] += bias[width + j]; // resetAfter: the recurrent bias row
                }
                var next = new double[Units];
                for (int k = 0; k < Units; k++)
                {
                    switch (kind)
                    {
                        case "lstm":
                            double i = Gate(xw[k] + hu[k]), fg = Gate(xw[Units + k] + hu[Units + k]);
                            double cand = Activation(xw[(2 * Units) + k] + hu[(2 * Units) + k]), o = Gate(xw[(3 * Units) + k] + hu[(3 * Units) + k]);
                            c[k] = (fg * c[k]) + (i * cand);
                            next[k] = o * Activation(c[k]);
                            break;
                        case "gru":
                            double z = Gate(xw[k] + hu[k]), r = Gate(xw[Units + k] + hu[Units + k]);
                            next[k] = (z * h[k]) + ((1 - z) * Activation(xw[(2 * Units) + k] + (r * hu[(2 * Units) + k])));
                            break;
                        case "gru-reset-before":
                            double z2 = Gate(xw[k] + hu[k]);
                            double rh = 0;
                            for (int q = 0; q < Units; q++) rh += Gate(xw[Units + q] + hu[Units + q]) * h[q] * (drop is null ? 1f : drop[(b * width) + (2 * Units) + q]) * recurrent[(q * width) + (2 * Units) + k];
                            next[k] = (z2 * h[k]) + ((1 - z2) * Activation(xw[(2 * Units) + k] + rh));
                            break;
                        default:
                            next[k] = Activation(xw[k] + hu[k]);
                            break;
                    }
                }
                h = next;
                result[b][s] = (double[])h.Clone();
            }
            if (finalCells is not null) finalCells[b] = c;
        }
        return result;
    }

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    /// <summary>Keras's activations by name, in double precision (hard_sigmoid as Keras 3's relu6(x + 3) / 6).</summary>
    private static Func<double, double> Function(string name) => name switch
    {
        "tanh" => Math.Tanh,
        "sigmoid" => Sigmoid,
        "hard_sigmoid" => v => Math.Clamp(v + 3, 0, 6) / 6,
        "relu" => v => Math.Max(v, 0),
        "softsign" => v => v / (1 + Math.Abs(v)),
        _ => v => v,
    };
}
