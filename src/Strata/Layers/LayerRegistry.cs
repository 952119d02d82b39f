using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Strata.Initializers;
using Strata.Regularizers;
using Strata.Saving;

namespace Strata.Layers;

/// <summary>
/// Rebuilds layers from their saved configs ({"class_name", "config"}), the inverse of GetConfig. Each
/// field is read through <see cref="ConfigNode"/>, which checks its type and range first; a layer's own
/// checks (its constructor's ArgumentExceptions) are reported with the layer's place in the file.
/// </summary>
internal static class LayerRegistry
{
    private static readonly Dictionary<string, Func<ConfigNode, Layer>> BuiltIn = new()
    {
        ["Sequential"] = ModelConfig.SequentialFromConfig,
        ["Functional"] = ModelConfig.FunctionalFromConfig,
        [nameof(Dense)] = c => new Dense(c.Int("units", min: 1), c.OptionalString("activation"), c.Bool("use_bias", true),
            InitializerFrom(c, "kernel_initializer"), InitializerFrom(c, "bias_initializer"),
            RegularizerFrom(c, "kernel_regularizer"), RegularizerFrom(c, "bias_regularizer"), c.OptionalString("name")),
        [nameof(Conv2D)] = c => new Conv2D(c.Int("filters", min: 1), Square(c, "kernel_size"), Square(c, "strides"), c.String("padding"),
            Square(c, "dilation_rate"), c.Has("groups") ? c.Int("groups", min: 1) : 1, c.OptionalString("activation"), c.Bool("use_bias", true),
            InitializerFrom(c, "kernel_initializer"), InitializerFrom(c, "bias_initializer"),
            RegularizerFrom(c, "kernel_regularizer"), RegularizerFrom(c, "bias_regularizer"), c.OptionalString("name")),
        [nameof(MaxPooling2D)] = c => new MaxPooling2D(Square(c, "pool_size"), Square(c, "strides"), c.String("padding"), c.OptionalString("name")),
        [nameof(Conv1D)] = c => new Conv1D(c.Int("filters", min: 1), Single(c, "kernel_size"), Single(c, "strides"), c.String("padding"),
            Single(c, "dilation_rate"), c.Has("groups") ? c.Int("groups", min: 1) : 1, c.OptionalString("activation"), c.Bool("use_bias", true),
            InitializerFrom(c, "kernel_initializer"), InitializerFrom(c, "bias_initializer"),
            RegularizerFrom(c, "kernel_regularizer"), RegularizerFrom(c, "bias_regularizer"), c.OptionalString("name")),
        [nameof(MaxPooling1D)] = c => new MaxPooling1D(Single(c, "pool_size"), Single(c, "strides"), c.String("padding"), c.OptionalString("name")),
        [nameof(DepthwiseConv2D)] = c => new DepthwiseConv2D(Square(c, "kernel_size"), Square(c, "strides"), c.String("padding"), c.Int("depth_multiplier", min: 1),
            Square(c, "dilation_rate"), c.OptionalString("activation"), c.Bool("use_bias", true),
            InitializerFrom(c, "depthwise_initializer"), InitializerFrom(c, "bias_initializer"),
            RegularizerFrom(c, "depthwise_regularizer"), RegularizerFrom(c, "bias_regularizer"), c.OptionalString("name")),
        [nameof(SeparableConv2D)] = c => new SeparableConv2D(c.Int("filters", min: 1), Square(c, "kernel_size"), Square(c, "strides"), c.String("padding"),
            c.Int("depth_multiplier", min: 1), Square(c, "dilation_rate"), c.OptionalString("activation"), c.Bool("use_bias", true),
            InitializerFrom(c, "depthwise_initializer"), InitializerFrom(c, "pointwise_initializer"), InitializerFrom(c, "bias_initializer"), c.OptionalString("name")),
        [nameof(Conv2DTranspose)] = c => new Conv2DTranspose(c.Int("filters", min: 1), Square(c, "kernel_size"), Square(c, "strides"), c.String("padding"),
            c.OptionalString("activation"), c.Bool("use_bias", true), InitializerFrom(c, "kernel_initializer"), InitializerFrom(c, "bias_initializer"),
            RegularizerFrom(c, "kernel_regularizer"), RegularizerFrom(c, "bias_regularizer"), c.OptionalString("name")),
        [nameof(BatchNormalization)] = c => new BatchNormalization(c.Float("momentum", 0, 1), c.Float("epsilon", 0), c.Bool("center", true), c.Bool("scale", true),
            InitializerFrom(c, "beta_initializer"), InitializerFrom(c, "gamma_initializer"),
            InitializerFrom(c, "moving_mean_initializer"), InitializerFrom(c, "moving_variance_initializer"),
            RegularizerFrom(c, "beta_regularizer"), RegularizerFrom(c, "gamma_regularizer"), c.OptionalString("name")),
        [nameof(GlobalAveragePooling2D)] = c => new GlobalAveragePooling2D(c.Bool("keepdims", false), c.OptionalString("name")),
        [nameof(GlobalAveragePooling1D)] = c => new GlobalAveragePooling1D(c.Bool("keepdims", false), c.OptionalString("name")),
        [nameof(GlobalMaxPooling2D)] = c => new GlobalMaxPooling2D(c.Bool("keepdims", false), c.OptionalString("name")),
        [nameof(GlobalMaxPooling1D)] = c => new GlobalMaxPooling1D(c.Bool("keepdims", false), c.OptionalString("name")),
        [nameof(Rescaling)] = c => new Rescaling(c.Float("scale"), c.Has("offset") ? c.Float("offset") : 0f, c.OptionalString("name")),
        [nameof(ZeroPadding2D)] = c => new ZeroPadding2D(Pair(c, "padding", 0), Pair(c, "padding", 1), c.OptionalString("name")),
        [nameof(Cropping2D)] = c => new Cropping2D(Pair(c, "cropping", 0), Pair(c, "cropping", 1), c.OptionalString("name")),
        [nameof(UpSampling2D)] = c => new UpSampling2D(Square(c, "size"), c.OptionalString("interpolation") ?? "nearest", c.OptionalString("name")),
        [nameof(AveragePooling2D)] = c => new AveragePooling2D(Square(c, "pool_size"), Square(c, "strides"), c.String("padding"), c.OptionalString("name")),
        [nameof(AveragePooling1D)] = c => new AveragePooling1D(Single(c, "pool_size"), Single(c, "strides"), c.String("padding"), c.OptionalString("name")),
        [nameof(Activation)] = c => new Activation(c.String("activation"), c.OptionalString("name")),
        [nameof(Dropout)] = c => new Dropout(c.Float("rate", 0, 1), c.OptionalInt("seed"), c.OptionalString("name")),
        [nameof(SpatialDropout2D)] = c => new SpatialDropout2D(c.Float("rate", 0, 1), c.OptionalInt("seed"), c.OptionalString("name")),
        [nameof(RandomFlip)] = c => new RandomFlip(c.String("mode"), c.OptionalInt("seed"), c.OptionalString("name")),
        [nameof(RandomContrast)] = c => new RandomContrast(c.Float("factor", 0, 1), Range(c, "value_range"), c.OptionalInt("seed"), c.OptionalString("name")),
        [nameof(CenterCrop)] = c => new CenterCrop(c.Int("height", min: 1), c.Int("width", min: 1), c.OptionalString("name")),
        [nameof(Resizing)] = c => new Resizing(c.Int("height", min: 1), c.Int("width", min: 1), c.OptionalString("interpolation") ?? "bilinear",
            c.Has("crop_to_aspect_ratio") && c.Bool("crop_to_aspect_ratio"), c.OptionalString("name")),
        [nameof(RandomRotation)] = c => new RandomRotation(Bounds(c, "factor")!.Value, TransformFill(c), TransformInterpolation(c), c.OptionalInt("seed"), TransformFillValue(c), c.OptionalString("name")),
        [nameof(RandomZoom)] = c => new RandomZoom(Bounds(c, "height_factor")!.Value, Bounds(c, "width_factor"), TransformFill(c), TransformInterpolation(c), c.OptionalInt("seed"), TransformFillValue(c), c.OptionalString("name")),
        [nameof(RandomTranslation)] = c => new RandomTranslation(Bounds(c, "height_factor")!.Value, Bounds(c, "width_factor")!.Value, TransformFill(c), TransformInterpolation(c), c.OptionalInt("seed"), TransformFillValue(c), c.OptionalString("name")),
        [nameof(Embedding)] = c => new Embedding(c.Int("input_dim", min: 1), c.Int("output_dim", min: 1), InitializerFrom(c, "embeddings_initializer"),
            RegularizerFrom(c, "embeddings_regularizer"), c.Has("mask_zero") && c.Bool("mask_zero"), c.OptionalString("name")),
        [nameof(LayerNormalization)] = c => new LayerNormalization(c.Float("epsilon", 0), c.Bool("center", true), c.Bool("scale", true),
            InitializerFrom(c, "beta_initializer"), InitializerFrom(c, "gamma_initializer"),
            RegularizerFrom(c, "beta_regularizer"), RegularizerFrom(c, "gamma_regularizer"), c.OptionalString("name")),
        [nameof(LSTM)] = c => new LSTM(Recurrent(c).Int("units", min: 1), CellActivationName(c, "activation", "tanh"), CellActivationName(c, "recurrent_activation", "sigmoid"), c.Bool("use_bias", true), InitializerFrom(c, "kernel_initializer"),
            InitializerFrom(c, "recurrent_initializer"), InitializerFrom(c, "bias_initializer"), c.Bool("unit_forget_bias", true),
            RegularizerFrom(c, "kernel_regularizer"), RegularizerFrom(c, "recurrent_regularizer"), RegularizerFrom(c, "bias_regularizer"),
            c.Bool("return_sequences", false), c.Bool("go_backwards", false), c.Bool("zero_output_for_mask", false),
            RecurrentDropout(c, "dropout"), RecurrentDropout(c, "recurrent_dropout"), c.OptionalInt("seed"),
            c.Has("return_state") && c.Bool("return_state"), c.OptionalString("name")),
        [nameof(GRU)] = c => new GRU(Recurrent(c).Int("units", min: 1), CellActivationName(c, "activation", "tanh"), CellActivationName(c, "recurrent_activation", "sigmoid"), c.Bool("use_bias", true), InitializerFrom(c, "kernel_initializer"),
            InitializerFrom(c, "recurrent_initializer"), InitializerFrom(c, "bias_initializer"),
            RegularizerFrom(c, "kernel_regularizer"), RegularizerFrom(c, "recurrent_regularizer"), RegularizerFrom(c, "bias_regularizer"),
            c.Bool("return_sequences", false), c.Bool("go_backwards", false), c.Bool("reset_after", true), c.Bool("zero_output_for_mask", false),
            RecurrentDropout(c, "dropout"), RecurrentDropout(c, "recurrent_dropout"), c.OptionalInt("seed"),
            c.Has("return_state") && c.Bool("return_state"), c.OptionalString("name")),
        [nameof(SimpleRNN)] = c => new SimpleRNN(Recurrent(c).Int("units", min: 1), CellActivationName(c, "activation", "tanh"), c.Bool("use_bias", true), InitializerFrom(c, "kernel_initializer"),
            InitializerFrom(c, "recurrent_initializer"), InitializerFrom(c, "bias_initializer"),
            RegularizerFrom(c, "kernel_regularizer"), RegularizerFrom(c, "recurrent_regularizer"), RegularizerFrom(c, "bias_regularizer"),
            c.Bool("return_sequences", false), c.Bool("go_backwards", false), c.Bool("zero_output_for_mask", false),
            RecurrentDropout(c, "dropout"), RecurrentDropout(c, "recurrent_dropout"), c.OptionalInt("seed"),
            c.Has("return_state") && c.Bool("return_state"), c.OptionalString("name")),
        [nameof(Bidirectional)] = c => new Bidirectional(FromNode(c.Object("layer")) as BaseRnn
            ?? throw c.Invalid($"{c.Path}.layer must be a recurrent layer (LSTM, GRU, SimpleRNN)"), c.String("merge_mode"), c.OptionalString("name")),
        [nameof(TextVectorization)] = c => new TextVectorization(c.OptionalInt("max_tokens", min: 1), c.OptionalString("standardize"), c.OptionalString("split"),
            c.OptionalInt("ngrams", min: 1), c.OptionalString("output_mode") ?? "int", c.OptionalInt("output_sequence_length", min: 1),
            c.Has("pad_to_max_tokens") && c.Bool("pad_to_max_tokens"), c.OptionalStrings("vocabulary"), c.OptionalFloats("idf_weights"), c.OptionalString("name")),
        [nameof(Masking)] = c => new Masking(c.Has("mask_value") ? c.Float("mask_value") : 0f, c.OptionalString("name")),
        [nameof(TimeDistributed)] = c => new TimeDistributed(FromNode(c.Object("layer")), c.OptionalString("name")),
        [nameof(MultiHeadAttention)] = c => new MultiHeadAttention(c.Int("num_heads", min: 1), c.Int("key_dim", min: 1), c.OptionalInt("value_dim", min: 1),
            c.Has("dropout") ? c.Float("dropout", 0, 1) : 0f, c.Bool("use_bias", true), InitializerFrom(c, "kernel_initializer"), InitializerFrom(c, "bias_initializer"),
            c.OptionalInt("seed"), c.OptionalString("name")),
        [nameof(Flatten)] = c => new Flatten(c.OptionalString("name")),
        [nameof(Reshape)] = c => new Reshape(c.Ints("target_shape", min: -1), c.OptionalString("name")),
        [nameof(Concatenate)] = c => new Concatenate(c.Int("axis"), c.OptionalString("name")),
        [nameof(Add)] = c => new Add(c.OptionalString("name")),
        [nameof(InputLayer)] = c => new InputLayer(ModelConfig.SampleShape(c, "shape"), c.OptionalString("name"), ModelConfig.InputDType(c)),
    };

    private static readonly ConcurrentDictionary<string, Func<ConfigNode, Layer>> Custom = new();

    /// <summary>A recurrent layer's dropout rate: absent means none.</summary>
    private static float RecurrentDropout(ConfigNode c, string key) => c.Has(key) ? c.Float(key, 0, 1) : 0f;

    /// <summary>A recurrent layer's activation: absent means Keras's default, null (Keras's None) linear.</summary>
    private static string CellActivationName(ConfigNode c, string key, string fallback) =>
        !c.Json.ContainsKey(key) ? fallback : c.OptionalString(key) ?? "linear";

    /// <summary>
    /// A recurrent layer's config, checked for what these layers do not take (stateful): such a file fails to
    /// load by name rather than loading as another model.
    /// </summary>
    private static ConfigNode Recurrent(ConfigNode c)
    {
        static void Require(bool ok, string what)
        {
            if (!ok) throw new NotSupportedException($"Loading a recurrent layer with {what} is not supported yet.");
        }
        Require(!c.Has("stateful") || !c.Bool("stateful"), "stateful");
        return c;
    }

    /// <summary>Whether a class of the user's own was registered under this name.</summary>
    public static bool IsCustom(string className) => Custom.ContainsKey(className);

    /// <summary>Adds a layer class that saved models may name (see <see cref="CustomObjects.Register"/>).</summary>
    public static void Register(string className, Func<ConfigNode, Layer> fromConfig)
    {
        if (BuiltIn.ContainsKey(className)) throw new ArgumentException($"CustomObjects.Register: '{className}' is a built-in layer class.", nameof(className));
        Custom[className] = fromConfig;
    }

    /// <summary>The layer an entry {"class_name", "config"} describes; <paramref name="entry"/> carries its place in the file.</summary>
    public static Layer FromNode(ConfigNode entry)
    {
        string className = entry.String("class_name");
        if (!BuiltIn.TryGetValue(className, out Func<ConfigNode, Layer>? create) && !Custom.TryGetValue(className, out create))
        {
            throw entry.Invalid(
                $"{entry.Path}.class_name is '{className}', an unknown layer class. Known classes: {string.Join(", ", BuiltIn.Keys.Concat(Custom.Keys))}. " +
                "A custom layer is registered before loading with CustomObjects.Register<TLayer>(config => new TLayer(...))");
        }
        ConfigNode c = entry.Object("config");
        Layer layer;
        try
        {
            layer = create(c);
        }
        catch (ArgumentException e)
        {
            throw entry.Invalid($"{c.Path} ({className}) cannot be built: {e.Message}");
        }
        if (c.Has("trainable")) layer.Trainable = c.Bool("trainable");
        return layer;
    }

    /// <summary>A size given for both axes ([k, k]), as the square windows Strata's 2-D layers take.</summary>
    private static int Square(ConfigNode c, string key)
    {
        int[] sizes = c.Ints(key, min: 1);
        return sizes.Length == 2 && sizes[0] == sizes[1] ? sizes[0]
            : throw c.Invalid($"{c.Path}.{key} is [{string.Join(", ", sizes)}]; Strata's 2-D layers take the same size for both axes, as [k, k]");
    }

    /// <summary>One axis's amounts before and after, from [[top, bottom], [left, right]] as Keras writes them.</summary>
    private static (int, int) Pair(ConfigNode c, string key, int axis)
    {
        System.Text.Json.Nodes.JsonArray outer = c.Array(key);
        if (outer.Count != 2 || outer[axis] is not System.Text.Json.Nodes.JsonArray inner || inner.Count != 2)
        {
            throw c.Invalid($"{c.Path}.{key} must be [[top, bottom], [left, right]]");
        }
        int Read(int i) => inner[i] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue(out int n) && n >= 0 ? n
            : throw c.Invalid($"{c.Path}.{key}[{axis}][{i}] must be a non-negative integer");
        return (Read(0), Read(1));
    }

    /// <summary>A (low, high) pair written [low, high], or Keras's default when absent.</summary>
    private static (float, float)? Range(ConfigNode c, string key)
    {
        if (!c.Has(key)) return null;
        System.Text.Json.Nodes.JsonArray pair = c.Array(key);
        float Read(int i) => pair.Count == 2 && pair[i] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue(out double d) ? (float)d
            : throw c.Invalid($"{c.Path}.{key} must be [low, high]");
        return (Read(0), Read(1));
    }

    /// <summary>An augmentation range as Keras writes it: one number f for [-f, f], or [lower, upper]; null when absent or null.</summary>
    private static (double, double)? Bounds(ConfigNode c, string key)
    {
        if (!c.Has(key)) return null;
        if (c.ArrayOrNull(key) is not { } pair)
        {
            double f = Math.Abs(c.Float(key));
            return (-f, f);
        }
        double Read(int i) => pair.Count == 2 && pair[i] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue(out double d) ? d
            : throw c.Invalid($"{c.Path}.{key} must be a number or [lower, upper]");
        return (Read(0), Read(1));
    }

    private static string TransformFill(ConfigNode c) => c.OptionalString("fill_mode") ?? "reflect";

    private static string TransformInterpolation(ConfigNode c) => c.OptionalString("interpolation") ?? "bilinear";

    private static double TransformFillValue(ConfigNode c) => c.Has("fill_value") ? c.Float("fill_value") : 0;

    /// <summary>A 1-D layer's size, written [k] as Keras writes it.</summary>
    private static int Single(ConfigNode c, string key)
    {
        int[] sizes = c.Ints(key, min: 1);
        return sizes.Length == 1 ? sizes[0] : throw c.Invalid($"{c.Path}.{key} is [{string.Join(", ", sizes)}]; a 1-D layer takes one size, as [k]");
    }

    /// <summary>The initializer a config names; absent, the layer's default (a Keras file may name one Strata does not have: its weights are loaded anyway).</summary>
    private static Initializer? InitializerFrom(ConfigNode c, string key)
    {
        if (!c.Has(key)) return null;
        string name = c.String(key);
        try
        {
            return Initializer.Get(name);
        }
        catch (ArgumentException e)
        {
            throw c.Invalid($"{c.Path}.{key}: {e.Message}");
        }
    }

    /// <summary>Regularizers are saved as {"class_name": "l2", "config": {"l2": 0.01}}.</summary>
    private static Regularizer? RegularizerFrom(ConfigNode c, string key)
    {
        if (!c.Has(key)) return null;
        ConfigNode r = c.Object(key);
        string className = r.String("class_name");
        ConfigNode? values = r.Has("config") ? r.Object("config") : null;
        float Value(string k) => values is not null && values.Has(k) ? values.Float(k, 0) : 0f;
        return className switch
        {
            "l1" => new L1(Value("l1")),
            "l2" => new L2(Value("l2")),
            "l1_l2" => new L1L2(Value("l1"), Value("l2")),
            _ => throw r.Invalid($"{r.Path}.class_name is '{className}', an unknown regularizer (known: l1, l2, l1_l2)"),
        };
    }

    public static Dictionary<string, object?>? RegularizerConfig(Regularizer? regularizer) =>
        regularizer is null ? null : new() { ["class_name"] = regularizer.Name, ["config"] = regularizer.GetConfig() };
}
