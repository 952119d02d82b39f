using Strata.Layers;

namespace Strata.Bench;

/// <summary>The book's chapter 8 convnet, compiled as compare and the conv profile train it (rmsprop, sparse labels).</summary>
internal static class BookConvnet
{
    public static Model Build()
    {
        var inputs = new Input(shape: [28, 28, 1]);
        SymbolicTensor h = new Conv2D(32, 3, activation: "relu").Call(inputs);
        h = new MaxPooling2D(2).Call(h);
        h = new Conv2D(64, 3, activation: "relu").Call(h);
        h = new MaxPooling2D(2).Call(h);
        h = new Conv2D(128, 3, activation: "relu").Call(h);
        var model = new Model(inputs, new Dense(10, activation: "softmax").Call(new Flatten().Call(h)));
        model.Compile(optimizer: "rmsprop", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        return model;
    }
}
