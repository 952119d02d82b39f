using Strata.Losses;
using static Strata.Tests.Losses.LossTestData;

namespace Strata.Tests.Losses;

/// <summary>Loss.Get resolves Keras's names (keras.losses.get): function names, class names and aliases.</summary>
public class LossGetTests
{
    public static TheoryData<string, Type, string> Names => new()
    {
        { "categorical_crossentropy", typeof(CategoricalCrossentropy), "categorical_crossentropy" },
        { "CategoricalCrossentropy", typeof(CategoricalCrossentropy), "categorical_crossentropy" },
        { "sparse_categorical_crossentropy", typeof(SparseCategoricalCrossentropy), "sparse_categorical_crossentropy" },
        { "binary_crossentropy", typeof(BinaryCrossentropy), "binary_crossentropy" },
        { "bce", typeof(BinaryCrossentropy), "binary_crossentropy" },
        { "mean_squared_error", typeof(MeanSquaredError), "mean_squared_error" },
        { "mse", typeof(MeanSquaredError), "mean_squared_error" },
        { "MSE", typeof(MeanSquaredError), "mean_squared_error" },
        { "mean_absolute_error", typeof(MeanAbsoluteError), "mean_absolute_error" },
        { "mae", typeof(MeanAbsoluteError), "mean_absolute_error" },
        { "huber", typeof(Huber), "huber_loss" },
        { "Huber", typeof(Huber), "huber_loss" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Get_ReturnsANewLossWithKerasDefaults(string identifier, Type type, string name)
    {
        Loss loss = Loss.Get(identifier);
        Assert.IsType(type, loss);
        Assert.Equal(name, loss.Name);
        Assert.Equal("sum_over_batch_size", loss.Reduction);
        Assert.NotSame(loss, Loss.Get(identifier));
    }

    [Fact]
    public void Get_UnknownName_ListsTheKnownOnes()
    {
        var ex = Error(() => Loss.Get("categorical_cross_entropy"), "categorical_cross_entropy", "categorical_crossentropy", "mse", "huber");
        Assert.Contains("sparse_categorical_crossentropy", ex.Message);
        Assert.ThrowsAny<ArgumentException>(() => Loss.Get("MSE ")); // names are exact, as in Keras
    }

    [Fact]
    public void Call_IsDifferentiableInsideATape()
    {
        var w = new Variable(F([0.5f, -0.5f], 1, 2));
        using var tape = new GradientTape();
        Tensor loss = Loss.Get("categorical_crossentropy").Call(F([1, 0], 1, 2), Ops.Softmax(w));
        Tensor grad = tape.Gradient(loss, w);
        // d/dlogits of crossentropy over softmax = softmax - target
        double p0 = 1 / (1 + Math.Exp(-1));
        Near([p0 - 1, 1 - p0], grad, 1e-6);
    }
}
