using Strata.Optimizers;

namespace Strata.Tests.Optimizers;

/// <summary>The scenarios Keras's optimizer tests share (keras/src/optimizers/*_test.py), reproduced once.</summary>
internal static class KerasCases
{
    /// <summary>
    /// test_correctness_with_golden: x = ones(10), one step with gradients 0.01, then five steps with
    /// arange(0.1, 1.1, 0.1), checking x against each golden row before each of those steps.
    /// </summary>
    public static void Golden(Optimizer optimizer, double[][] golden)
    {
        var x = new Variable(Tensor.Ones(10));
        Tensor grads = Tensor.FromArray(Enumerable.Range(0, 10).Select(i => (float)(0.1 + i * 0.1)).ToArray());
        Tensor firstGrads = Tensor.Full([10], 0.01f);
        optimizer.ApplyGradients([firstGrads], [x]);
        for (int i = 0; i < 5; i++)
        {
            Close.All(x, golden[i], rtol: 5e-4, atol: 5e-4);
            optimizer.ApplyGradients([grads], [x]);
        }
    }

    /// <summary>Golden rows that repeat one value across the ten elements (np.tile in Keras's tests).</summary>
    public static double[][] Tiled(params double[] values) => values.Select(v => Enumerable.Repeat(v, 10).ToArray()).ToArray();

    /// <summary>
    /// test_weight_decay: three optimizers (one decaying var1 only, one excluding var2 by name, one
    /// excluding var3 by reference) each step once with zero gradients at learning rate 1 and decay
    /// 0.004; var1 is decayed three times, to 2·0.996³ = 1.9760959.
    /// </summary>
    public static void WeightDecay(Func<Optimizer> create)
    {
        Tensor grads = Tensor.Scalar(0f);
        var var1 = new Variable(Tensor.Scalar(2f));
        var var2 = new Variable(Tensor.Scalar(2f), name: "exclude");
        var var3 = new Variable(Tensor.Scalar(2f));

        create().ApplyGradients([grads], [var1]);

        Optimizer optimizer2 = create();
        optimizer2.ExcludeFromWeightDecay(varNames: ["exclude"]);
        optimizer2.ApplyGradients([grads, grads], [var1, var2]);

        Optimizer optimizer3 = create();
        optimizer3.ExcludeFromWeightDecay(varList: [var3]);
        optimizer3.ApplyGradients([grads, grads], [var1, var3]);

        Close.Scalar(1.9760959, var1.ToScalar(), 1.5e-6);
        Close.Scalar(2.0, var2.ToScalar(), 1.5e-6);
        Close.Scalar(2.0, var3.ToScalar(), 1.5e-6);
    }

    /// <summary>
    /// test_clip_norm and test_clip_value, observed through one step at learning rate 1 from zero (for
    /// SGD, the step is minus the clipped gradient): [100, 100] clips to [√2/2, √2/2] by norm 1, to [1, 1] by value 1.
    /// </summary>
    public static Tensor ClippedStep(Func<Optimizer> create)
    {
        var w = new Variable(Tensor.Zeros(2));
        create().ApplyGradients([Close.T(100f, 100f)], [w]);
        return w;
    }

    /// <summary>test_single_step: one step from [1, 2, 3, 4] with gradients [1, 6, 7, 2].</summary>
    public static Variable SingleStep(Optimizer optimizer)
    {
        Variable vars = Close.Var(1f, 2f, 3f, 4f);
        optimizer.ApplyGradients([Close.T(1f, 6f, 7f, 2f)], [vars]);
        return vars;
    }
}
