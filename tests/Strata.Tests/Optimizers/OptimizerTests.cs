using Strata.Optimizers;

namespace Strata.Tests.Optimizers;

/// <summary>The base optimizer: keras/src/optimizers/optimizer_test.py's cases, validation and state.</summary>
public class OptimizerTests
{
    public static TheoryData<string> Names => new() { "sgd", "rmsprop", "adam", "adamw", "adagrad" };

    private static Optimizer Create(string name, float? clipNorm = null, float? clipValue = null, float? globalClipNorm = null) => name switch
    {
        "sgd" => new SGD(learningRate: 0.1f, momentum: 0.5f, clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm),
        "rmsprop" => new RMSprop(learningRate: 0.1f, clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm),
        "adam" => new Adam(learningRate: 0.1f, clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm),
        "adamw" => new AdamW(learningRate: 0.1f, clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm),
        _ => new Adagrad(learningRate: 0.1f, clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm),
    };

    [Fact] // test_get_method
    public void Get_ByName_AnyCase()
    {
        Assert.IsType<SGD>(Optimizer.Get("sgd"));
        Assert.IsType<RMSprop>(Optimizer.Get("rmsprop"));
        Assert.IsType<RMSprop>(Optimizer.Get("RMSprop"));
        Assert.IsType<Adam>(Optimizer.Get("Adam"));
        Assert.IsType<AdamW>(Optimizer.Get("adamw"));
        Assert.IsType<Adagrad>(Optimizer.Get("ADAGRAD"));
        var ex = Assert.Throws<ArgumentException>(() => Optimizer.Get("typo"));
        Assert.Contains("'typo'", ex.Message);
        Assert.Contains("rmsprop", ex.Message);
        Assert.Contains("adagrad", ex.Message);
    }

    [Fact]
    public void Defaults_AreKeras()
    {
        Assert.Equal(0.01f, new SGD().LearningRate);
        Assert.Equal(0.001f, new RMSprop().LearningRate);
        Assert.Equal(0.001f, new Adam().LearningRate);
        Assert.Equal(0.001f, new Adagrad().LearningRate);
        var rmsprop = new RMSprop();
        Assert.Equal((0.9f, 0f, 1e-7f, false), (rmsprop.Rho, rmsprop.Momentum, rmsprop.Epsilon, rmsprop.Centered));
        var adam = new Adam(learningRate: 1e-3f, beta1: 0.9f);
        Assert.Equal((0.9f, 0.999f, 1e-7f, false), (adam.Beta1, adam.Beta2, adam.Epsilon, adam.Amsgrad));
        Assert.Equal((0.1f, 1e-7f), (new Adagrad().InitialAccumulatorValue, new Adagrad().Epsilon));
    }

    [Fact]
    public void Name_DefaultsToKerasSnakeCase_MadeUnique()
    {
        Assert.StartsWith("adagrad", new Adagrad().Name);
        string first = new SGD().Name, second = new SGD().Name;
        Assert.StartsWith("sgd", first);
        Assert.NotEqual(first, second);
        Assert.Equal("mine", new Adam(name: "mine").Name);
    }

    [Fact] // test_empty_gradients
    public void NullGradient_SkipsItsVariable_AllNull_Throws()
    {
        var v = new Variable(Tensor.FromArray(new[] { 3f, 4f, 5f, 6f }, 2, 2));
        var ex = Assert.Throws<ArgumentException>(() => new SGD(learningRate: 1f).ApplyGradients([null], [v]));
        Assert.Contains("no gradients provided for any variable", ex.Message);

        var v2 = new Variable(Tensor.FromArray(new[] { 3f, 4f, 5f, 6f }, 2, 2));
        var optimizer = new SGD(learningRate: 1f);
        optimizer.ApplyGradients([null, Tensor.Ones(2, 2)], [v, v2]);
        Close.All(v, [3, 4, 5, 6]);
        Close.All(v2, [2, 3, 4, 5]);
        Assert.Equal(1L, optimizer.Iterations);
    }

    [Fact]
    public void NoGradients_DoNothing()
    {
        var optimizer = new SGD();
        optimizer.ApplyGradients([], []);
        Assert.Equal(0L, optimizer.Iterations);
        Assert.False(optimizer.Built);
    }

    [Fact] // test_clip_args
    public void ClipArgs_OnlyOneAllowed()
    {
        Assert.Equal(0.1f, new SGD(learningRate: 1f, clipNorm: 0.1f).ClipNorm);
        Assert.Equal(0.1f, new SGD(learningRate: 1f, clipValue: 0.1f).ClipValue);
        Assert.Equal(0.1f, new SGD(learningRate: 1f, globalClipNorm: 0.1f).GlobalClipNorm);
        var ex = Assert.Throws<ArgumentException>(() => new SGD(learningRate: 1f, clipNorm: 0.1f, clipValue: 0.1f));
        Assert.Contains("only one of clipNorm, clipValue and globalClipNorm", ex.Message);
        Assert.Throws<ArgumentException>(() => new Adam(clipNorm: 0.1f, globalClipNorm: 0.1f));
    }

    [Fact] // test_global_clip_norm
    public void GlobalClipNorm_ScalesAllGradientsByTheirJointNorm()
    {
        // Keras: [50, 100] with global_clipnorm 1 becomes grad / |grad|. Split over two variables here,
        // so a per-variable clip would give a different answer.
        var optimizer = new SGD(learningRate: 1f, globalClipNorm: 1f);
        Variable a = Close.Var(0f), b = Close.Var(0f);
        optimizer.ApplyGradients([Close.T(50f), Close.T(100f)], [a, b]);
        double norm = Math.Sqrt(50 * 50 + 100 * 100);
        Close.All(a, [-50 / norm]);
        Close.All(b, [-100 / norm]);
    }

    [Fact]
    public void Clipping_LeavesSmallGradientsAlone_AndNeverChangesTheCallersTensor()
    {
        Tensor g = Close.T(0.3f, -0.4f);
        Variable w = Close.Var(0f, 0f);
        new SGD(learningRate: 1f, clipNorm: 1f).ApplyGradients([g], [w]);
        Close.All(w, [-0.3, 0.4]);
        Variable w2 = Close.Var(0f, 0f);
        Tensor big = Close.T(3f, -4f);
        new SGD(learningRate: 1f, clipValue: 1f).ApplyGradients([big], [w2]);
        Close.All(w2, [-1, 1]);
        Close.All(big, [3, -4]);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Clipping_AppliesToEveryOptimizer(string name)
    {
        // Clipping lives in the base: a clipped [100, 100] must step exactly as the pre-clipped gradient.
        float h = MathF.Sqrt(2f) / 2f;
        (float? norm, float? value, float? global, float[] equivalent)[] cases =
        [
            (1f, null, null, [h, h]),
            (null, 1f, null, [1f, 1f]),
            (null, null, 1f, [h, h]),
        ];
        foreach (var (norm, value, global, equivalent) in cases)
        {
            Variable clipped = Close.Var(1f, 2f), reference = Close.Var(1f, 2f);
            Optimizer withClip = Create(name, norm, value, global), without = Create(name);
            for (int step = 0; step < 3; step++)
            {
                withClip.ApplyGradients([Close.T(100f, 100f)], [clipped]);
                without.ApplyGradients([Close.T(equivalent)], [reference]);
            }
            Close.All(clipped, reference.ToArray<float>().Select(v => (double)v).ToArray(), rtol: 1e-5, atol: 1e-6);
        }
    }

    [Fact]
    public void MismatchedCounts_Throw_NamingTheOptimizer()
    {
        var optimizer = new Adam(name: "opt");
        var ex = Assert.Throws<ArgumentException>(() => optimizer.ApplyGradients([Tensor.Ones(2)], [Close.Var(1f, 2f), Close.Var(3f)]));
        Assert.Contains("opt", ex.Message);
        Assert.Contains("1 gradients for 2 variables", ex.Message);
        Assert.False(optimizer.Built);
    }

    [Fact]
    public void MismatchedShape_Throws_NamingVariableAndShapes()
    {
        var optimizer = new RMSprop(name: "opt");
        var w = new Variable(Tensor.Zeros(2, 3), name: "kernel");
        var ex = Assert.Throws<ArgumentException>(() => optimizer.ApplyGradients([Tensor.Zeros(3, 2)], [w]));
        Assert.Contains("opt", ex.Message);
        Assert.Contains("'kernel'", ex.Message);
        Assert.Contains(new Shape(3, 2).ToString(), ex.Message);
        Assert.Contains(new Shape(2, 3).ToString(), ex.Message);
        Assert.Equal(0L, optimizer.Iterations);
    }

    [Fact]
    public void IntegerVariable_Throws()
    {
        var w = new Variable(Tensor.FromArray(new[] { 1, 2 }), name: "counts");
        var ex = Assert.Throws<ArgumentException>(() => new SGD().ApplyGradients([Tensor.Ones(2)], [w]));
        Assert.Contains("'counts'", ex.Message);
    }

    [Fact]
    public void UnknownVariable_AfterBuild_Throws()
    {
        var optimizer = new Adam();
        Variable a = Close.Var(1f), b = Close.Var(2f);
        optimizer.ApplyGradients([Close.T(1f)], [a]);
        var ex = Assert.Throws<ArgumentException>(() => optimizer.ApplyGradients([Close.T(1f)], [b]));
        Assert.Contains($"'{b.Name}'", ex.Message);
    }

    [Fact]
    public void Subset_OfBuiltVariables_UsesTheirOwnSlots()
    {
        // Built on [a, b]; updating b alone must use b's momentum, not a's.
        var optimizer = new SGD(learningRate: 1f, momentum: 0.5f);
        Variable a = Close.Var(0f), b = Close.Var(0f);
        optimizer.ApplyGradients([Close.T(1f), Close.T(2f)], [a, b]);
        optimizer.ApplyGradients([Close.T(2f)], [b]);
        Close.All(a, [-1]);
        Close.All(b, [-2 + (-0.5 * 2 - 2)]);
    }

    [Fact]
    public void EnsureBuilt_CreatesSlotsBeforeAnyStep()
    {
        var optimizer = new Adam(amsgrad: true);
        Variable a = Close.Var(1f, 2f), b = new(Tensor.Zeros(3, 4), name: "dense/kernel");
        optimizer.EnsureBuilt([a, b]);
        Assert.True(optimizer.Built);
        Assert.Equal(2 + 2 * 2 + 2, optimizer.Variables.Count);
        Assert.Equal("dense_kernel_velocity", optimizer.Variables[5].Name);
        Assert.Equal([3, 4], optimizer.Variables[5].Shape.ToArray());
        Assert.All(optimizer.Variables.Skip(1), v => Assert.False(v.Trainable));
        Assert.Equal(0L, optimizer.Iterations);
    }

    [Fact]
    public void LearningRate_Set_ReplacesTheConstant()
    {
        var optimizer = new SGD(learningRate: 0.5f);
        optimizer.LearningRate = 0.25f;
        Assert.Equal(0.25f, optimizer.LearningRate);
        Assert.Equal(0.25f, optimizer.Variables[1].Item<float>());
        Variable w = Close.Var(1f);
        optimizer.ApplyGradients([Close.T(1f)], [w]);
        Close.All(w, [0.75]);
    }

    [Fact]
    public void LearningRate_Set_WithASchedule_Throws()
    {
        var optimizer = new SGD(learningRate: new ExponentialDecay(0.1f, 10, 0.5f));
        var ex = Assert.Throws<InvalidOperationException>(() => optimizer.LearningRate = 0.1f);
        Assert.Contains("schedule", ex.Message);
    }

    [Fact]
    public void Updates_AreNotRecordedOnAnActiveTape()
    {
        var nodes = typeof(GradientTape).GetField("_nodes", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        Variable w = Close.Var(1f, 2f);
        using var tape = new GradientTape(persistent: true);
        Tensor loss = Ops.Sum(w * w);
        Tensor[] grads = tape.Gradient(loss, [w]);
        int recorded = ((System.Collections.ICollection)nodes.GetValue(tape)!).Count;

        new Adam(weightDecay: 0.1f, clipNorm: 1f).ApplyGradients(grads, [w]);
        new OpsSGD(0.1f).ApplyGradients(grads, [w]); // a custom optimizer written with ops
        Assert.Equal(recorded, ((System.Collections.ICollection)nodes.GetValue(tape)!).Count);
    }

    [Fact]
    public void CustomOptimizer_WithOps_Works()
    {
        var optimizer = new OpsSGD(0.5f);
        Variable w = Close.Var(1f, 2f);
        optimizer.ApplyGradients([Close.T(2f, 2f)], [w]);
        Close.All(w, [0, 1]);
        Assert.Equal("ops_sgd", optimizer.Name[..7]);
    }

    [Fact]
    public void GetConfig_HasKerasKeys()
    {
        Dictionary<string, object?> config = new Adam(learningRate: 0.5f, beta1: 0.5f, beta2: 0.67f, epsilon: 1e-5f, amsgrad: true, name: "a").GetConfig();
        Assert.Equal("a", config["name"]);
        Assert.Equal(0.5f, config["learning_rate"]);
        Assert.Equal(0.5f, config["beta_1"]);
        Assert.Equal(0.67f, config["beta_2"]);
        Assert.Equal(1e-5f, config["epsilon"]);
        Assert.Equal(true, config["amsgrad"]);
        Assert.Null(config["weight_decay"]);
        Assert.Null(config["clipnorm"]);
        var scheduled = new SGD(learningRate: new ExponentialDecay(0.05f, 10, 0.96f, staircase: true)).GetConfig();
        var lr = Assert.IsType<Dictionary<string, object?>>(scheduled["learning_rate"]);
        Assert.Equal("ExponentialDecay", lr["class_name"]);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Steps_AllocateNothing_OnceWarm(string name)
    {
        // Updates run in place on the variables' spans, with reused scratch and clip buffers.
        Optimizer optimizer = name == "sgd" ? new SGD(momentum: 0.9f, nesterov: true, weightDecay: 0.01f, clipNorm: 1f) : Create(name, globalClipNorm: 1f);
        Variable[] variables = [new(Tensor.Ones(64, 32)), new(Tensor.Ones(32))];
        Tensor[] gradients = [Tensor.Full([64, 32], 0.1f), Tensor.Full([32], 0.2f)];
        for (int i = 0; i < 5; i++) optimizer.ApplyGradients(gradients, variables);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) optimizer.ApplyGradients(gradients, variables);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>A user optimizer written with ops and Variable.AssignSub, as a Keras user would.</summary>
    private sealed class OpsSGD(float learningRate) : Optimizer(null, learningRate, 0.01f)
    {
        protected override void UpdateStep(Tensor gradient, Variable variable, float learningRate) =>
            variable.AssignSub(gradient * learningRate);
    }
}
