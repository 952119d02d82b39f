using System.Text.Json.Nodes;
using Strata.Layers;

namespace Strata.Saving;

/// <summary>
/// Layer classes of your own that <see cref="Model.Load"/> may meet in a saved model, as Keras's
/// <c>register_keras_serializable</c>: a model saves each layer as its class name and
/// <see cref="Layer.GetConfig"/>, and loading calls the function registered for that name with the config.
/// </summary>
public static class CustomLayers
{
    /// <summary>Registers <typeparamref name="TLayer"/> under its class name, rebuilt from its saved config by <paramref name="fromConfig"/>.</summary>
    public static void Register<TLayer>(Func<JsonObject, TLayer> fromConfig)
        where TLayer : Layer
    {
        ArgumentNullException.ThrowIfNull(fromConfig);
        LayerRegistry.Register(typeof(TLayer).Name, c => fromConfig(c.Json));
    }
}
