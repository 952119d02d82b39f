namespace Strata.Layers;

/// <summary>
/// keras.layers.SpatialDropout2D (channels last): in training, whole feature maps are dropped (one draw
/// per image and channel, shared by every position) and the rest scaled by 1 / (1 − rate), as adjacent
/// pixels are too correlated for element-wise dropout to regularize.
/// </summary>
public class SpatialDropout2D(double rate, int? seed = null, string? name = null) : Dropout(rate, seed, name)
{
    private protected override Shape NoiseShape(Shape inputs) => inputs.Rank == 4 ? new Shape(inputs[0], 1, 1, inputs[3])
        : throw new ArgumentException($"SpatialDropout2D '{Name}': expects inputs of shape (batch, height, width, channels), got {inputs}.");
}
