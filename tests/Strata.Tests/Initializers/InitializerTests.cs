using Strata.Initializers;

namespace Strata.Tests.Initializers;

/// <summary>Constant and random initializers, names, configs and seeds (keras/src/initializers/*_test.py).</summary>
public class InitializerTests
{
    public static TheoryData<string, Type> Names => new()
    {
        { "glorot_uniform", typeof(GlorotUniform) }, { "glorot_normal", typeof(GlorotNormal) },
        { "he_normal", typeof(HeNormal) }, { "he_uniform", typeof(HeUniform) },
        { "lecun_normal", typeof(LecunNormal) }, { "lecun_uniform", typeof(LecunUniform) },
        { "zeros", typeof(Zeros) }, { "ones", typeof(Ones) }, { "orthogonal", typeof(Orthogonal) },
        { "random_normal", typeof(RandomNormal) }, { "random_uniform", typeof(RandomUniform) },
        { "truncated_normal", typeof(TruncatedNormal) }, { "constant", typeof(Constant) },
        { "identity", typeof(Identity) }, { "variance_scaling", typeof(VarianceScaling) },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Get_BySnakeCaseName_GivesThatClass_NamedAsKeras(string name, Type type)
    {
        Initializer initializer = Initializer.Get(name);
        Assert.IsType(type, initializer);
        Assert.Equal(name, initializer.Name);
        Tensor t = initializer.Call([4, 3]);
        Assert.Equal(DType.Float32, t.DType);
        Assert.Equal([4, 3], t.Shape.ToArray());
    }

    [Fact] // test_get_method, and Keras's class names and aliases
    public void Get_ClassNamesAndAliases_AndUnknownNames()
    {
        Assert.IsType<GlorotUniform>(Initializer.Get("GlorotUniform"));
        Assert.IsType<HeNormal>(Initializer.Get("HE_NORMAL"));
        Assert.IsType<Orthogonal>(Initializer.Get("OrthogonalInitializer"));
        Assert.IsType<RandomNormal>(Initializer.Get("normal"));
        Assert.IsType<RandomUniform>(Initializer.Get("uniform"));
        Assert.IsType<Zeros>(Initializer.Get("zero"));
        Assert.IsType<Ones>(Initializer.Get("one"));
        var ex = Assert.Throws<ArgumentException>(() => Initializer.Get("typo"));
        Assert.Contains("'typo'", ex.Message);
        Assert.Contains("glorot_uniform", ex.Message);
    }

    [Fact]
    public void Constants()
    {
        Assert.All(new Zeros().Call([2, 3]).ToArray<float>(), v => Assert.Equal(0f, v));
        Assert.All(new Ones().Call([5]).ToArray<float>(), v => Assert.Equal(1f, v));
        Assert.All(new Constant(0.5f).Call([2, 2, 2]).ToArray<float>(), v => Assert.Equal(0.5f, v));
        Assert.Equal(new float[] { 2, 0, 0, 0, 2, 0 }, new Identity(2f).Call([2, 3]).ToArray<float>());
        Assert.Throws<ArgumentException>(() => new Identity().Call([2, 2, 2]));
        Assert.Equal([], new Zeros().Call([]).Shape.ToArray());
    }

    [Fact] // test_random_normal (std within 0.1), then tighter on more values
    public void RandomNormal_MeanAndStd()
    {
        var initializer = new RandomNormal(mean: 0f, stddev: 1f, seed: 1234);
        Assert.True(Math.Abs(Stats.Of(initializer.Call([25, 20])).Std - 1) <= 0.1);
        var (mean, std, _, _) = Stats.Of(new RandomNormal(mean: 3f, stddev: 0.5f, seed: 7).Call([300, 300]));
        Assert.True(Math.Abs(mean - 3) < 0.01, $"mean {mean}");
        Stats.Within(0.5, std, 0.02, "std");
        Stats.Within(0.05, Stats.Of(new RandomNormal(seed: 1).Call([100_000])).Std, 0.02, "default std");
    }

    [Fact] // test_random_uniform
    public void RandomUniform_StaysInRange()
    {
        var (mean, std, min, max) = Stats.Of(new RandomUniform(minval: -1f, maxval: 1f, seed: 1234).Call([300, 300]));
        Assert.True(min >= -1 && max < 1);
        Assert.True(Math.Abs(mean) < 0.01);
        Stats.Within(1 / Math.Sqrt(3), std, 0.02, "std");
        var (_, _, dmin, dmax) = Stats.Of(new RandomUniform().Call([1000]));
        Assert.True(dmin >= -0.05 && dmax < 0.05);
        Assert.Throws<ArgumentException>(() => new RandomUniform(minval: 1f, maxval: 0f));
    }

    [Fact]
    public void TruncatedNormal_CutsAtTwoStddevs()
    {
        var (mean, std, min, max) = Stats.Of(new TruncatedNormal(mean: 1f, stddev: 0.1f, seed: 9).Call([300, 300]));
        Assert.True(min >= 0.8 - 1e-6 && max <= 1.2 + 1e-6, $"[{min}, {max}]");
        Assert.True(Math.Abs(mean - 1) < 0.002);
        Stats.Within(0.1 * 0.87962566103423978, std, 0.02, "std");
    }

    [Fact] // "a fixed seed yields the same results each call"
    public void Seeded_SameValuesEveryCallAndInstance_DifferentSeedsDiffer()
    {
        Func<int, Initializer>[] create =
        [
            s => new GlorotUniform(s), s => new GlorotNormal(s), s => new HeNormal(s), s => new HeUniform(s),
            s => new LecunNormal(s), s => new LecunUniform(s), s => new RandomNormal(seed: s), s => new RandomUniform(seed: s),
            s => new TruncatedNormal(seed: s), s => new Orthogonal(seed: s), s => new VarianceScaling(seed: s),
        ];
        foreach (Func<int, Initializer> make in create)
        {
            Initializer init = make(1);
            float[] first = init.Call([6, 5]).ToArray<float>();
            Assert.Equal(first, init.Call([6, 5]).ToArray<float>());
            Assert.Equal(first, make(1).Call([6, 5]).ToArray<float>());
            Assert.NotEqual(first, make(2).Call([6, 5]).ToArray<float>());
        }
    }

    [Fact]
    public void Configs_AsKeras()
    {
        Assert.Equal(new Dictionary<string, object?> { ["seed"] = 3 }, new GlorotUniform(seed: 3).GetConfig());
        Assert.Equal(new Dictionary<string, object?> { ["seed"] = null }, new HeNormal().GetConfig());
        Assert.Equal(new Dictionary<string, object?> { ["seed"] = null, ["mean"] = 0f, ["stddev"] = 0.05f }, new RandomNormal().GetConfig());
        Assert.Equal(new Dictionary<string, object?> { ["seed"] = null, ["minval"] = -0.05f, ["maxval"] = 0.05f }, new RandomUniform().GetConfig());
        Assert.Equal(new Dictionary<string, object?> { ["seed"] = 1, ["gain"] = 2f }, new Orthogonal(gain: 2f, seed: 1).GetConfig());
        Assert.Equal(new Dictionary<string, object?> { ["value"] = 0.5f }, new Constant(0.5f).GetConfig());
        Assert.Empty(new Zeros().GetConfig());
        Assert.Equal(new Dictionary<string, object?> { ["seed"] = null, ["scale"] = 2f, ["mode"] = "fan_out", ["distribution"] = "uniform" },
            new VarianceScaling(2f, "fan_out", "uniform").GetConfig());
    }
}

/// <summary>Unseeded initializers draw from the global generator: Random.SetSeed makes them reproducible.</summary>
[Collection("Initializers.GlobalRandom")]
public class UnseededInitializerTests
{
    [Fact]
    public void Unseeded_FollowTheGlobalSeed_AndDifferFromCallToCall()
    {
        Initializer[] unseeded = [new GlorotUniform(), new HeNormal(), new RandomNormal(), new RandomUniform(), new TruncatedNormal(), new Orthogonal()];
        foreach (Initializer init in unseeded)
        {
            Strata.Random.SetSeed(42);
            float[] a = init.Call([8, 4]).ToArray<float>();
            float[] b = init.Call([8, 4]).ToArray<float>();
            Assert.NotEqual(a, b);
            Strata.Random.SetSeed(42);
            Assert.Equal(a, init.Call([8, 4]).ToArray<float>());
            Assert.Equal(b, init.Call([8, 4]).ToArray<float>());
        }
    }
}
