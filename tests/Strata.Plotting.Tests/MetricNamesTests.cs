namespace Strata.Plotting.Tests;

public class MetricNamesTests
{
    [Theory]
    [InlineData("loss", "Loss", "Training and validation loss")]
    [InlineData("accuracy", "Accuracy", "Training and validation accuracy")]
    [InlineData("mae", "MAE", "Training and validation MAE")]
    [InlineData("binary_accuracy", "Binary accuracy", "Training and validation binary accuracy")]
    public void Keras_keys_read_as_the_books_words(string metric, string axisLabel, string title)
    {
        Assert.Equal(axisLabel, MetricNames.AxisLabel(metric));
        Assert.Equal(title, MetricNames.Title(metric, hasValidation: true));
    }

    [Fact]
    public void Legends_and_the_training_only_title()
    {
        Assert.Equal("Training accuracy", MetricNames.TrainingLegend("accuracy"));
        Assert.Equal("Validation MAE", MetricNames.ValidationLegend("mae"));
        Assert.Equal("Training loss", MetricNames.Title("loss", hasValidation: false));
    }
}
