using ILGPU;
using ILGPU.Runtime;

namespace Strata.Cuda.Kernels;

/// <summary>
/// The optimizers' updates, one thread per weight, in Keras's forms (the same operations in the same order as the
/// CPU's fused updates). The hyperparameters are read from a small device buffer, not passed by value, so that a
/// step captured once as a CUDA graph replays with the learning rate a schedule sets for each step.
/// </summary>
internal static class OptimizerKernels
{
    /// <summary>RMSprop, hyper = [learning rate, rho, epsilon]: v = rho·v + (1 - rho)·g²; w -= lr·g / sqrt(v + epsilon).</summary>
    public static void Rmsprop(Index1D i, ArrayView<float> g, ArrayView<float> v, ArrayView<float> w, ArrayView<float> hyper)
    {
        float learningRate = hyper[0], rho = hyper[1], epsilon = hyper[2];
        float velocity = (v[i] * rho) + (g[i] * g[i] * (1f - rho));
        v[i] = velocity;
        w[i] -= g[i] * learningRate / MathF.Sqrt(velocity + epsilon);
    }

    /// <summary>
    /// SGD with momentum, hyper = [learning rate, momentum, nesterov (1 or 0)]: m = m·momentum - lr·g, then w += m
    /// (Nesterov: w += m·momentum - lr·g); plain SGD when momentum is 0.
    /// </summary>
    public static void Sgd(Index1D i, ArrayView<float> g, ArrayView<float> m, ArrayView<float> w, ArrayView<float> hyper)
    {
        float rate = -hyper[0], momentum = hyper[1];
        float step = g[i] * rate;
        float velocity = step + (m[i] * momentum);
        m[i] = velocity;
        w[i] += hyper[2] != 0f ? step + (velocity * momentum) : velocity;
    }

    /// <summary>
    /// Adam, hyper = [alpha, beta1, beta2, epsilon], alpha = lr·sqrt(1 - beta2^t) / (1 - beta1^t) worked out on the
    /// host for the step: m += (g - m)·(1 - beta1); v += (g² - v)·(1 - beta2); w -= m·alpha / (sqrt(v) + epsilon).
    /// </summary>
    public static void Adam(Index1D i, ArrayView<float> g, ArrayView<float> m, ArrayView<float> v, ArrayView<float> w, ArrayView<float> hyper)
    {
        float alpha = hyper[0], beta1 = hyper[1], beta2 = hyper[2], epsilon = hyper[3];
        float gi = g[i];
        float mi = m[i] + ((gi - m[i]) * (1f - beta1));
        float vi = v[i] + ((gi * gi - v[i]) * (1f - beta2));
        m[i] = mi;
        v[i] = vi;
        w[i] -= mi * alpha / (MathF.Sqrt(vi) + epsilon);
    }
}
