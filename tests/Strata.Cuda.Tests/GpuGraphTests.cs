using Strata.Compilation;
using Strata.Cuda.Compilation;
using Strata.Layers;

namespace Strata.Cuda.Tests;

/// <summary>A model's compiled inference step, replayed on the GPU backend (ILGPU's CPU accelerator), against the CPU's.</summary>
public class GpuGraphTests
{
    private static (Tensor Cpu, Tensor Gpu) PredictBoth(Model model, Tensor x)
    {
        Tensor cpu = Compiled(model, x);
        Executable step = Assert.Single(model.PredictStepFunction!.Executables);
        lock (Simulator.Gate)
        {
            using var gpu = new GpuGraph(Simulator.Gpu, step.Graph, step.Plan);
            return (cpu, Assert.Single(gpu.Run([x])));
        }
    }

    /// <summary>Predicts until the step is compiled (its first calls trace it) and returns the CPU's predictions.</summary>
    private static Tensor Compiled(Model model, Tensor x)
    {
        Tensor predictions = model.Predict(x, batchSize: x.Shape[0], verbose: 0);
        for (int call = 0; call < 4 && !model.PredictStepFunction!.Executables.Any(); call++) predictions = model.Predict(x, batchSize: x.Shape[0], verbose: 0);
        return predictions;
    }

    [Fact]
    public void The_book_network_predicts_on_the_GPU_as_on_the_CPU()
    {
        // Chapter 2's architecture (narrower, for the simulator): Dense + ReLU, then Dense + softmax; odd batch.
        var model = new Sequential([new Dense(64, activation: "relu"), new Dense(10, activation: "softmax")]);
        (Tensor cpu, Tensor gpu) = PredictBoth(model, Simulator.Random(20, 37, 30));
        Assert.Contains("MatMul+Bias+Relu", model.PredictFunction);
        Assert.Equal(cpu.Shape, gpu.Shape);
        Simulator.AssertClose(cpu, gpu.ToArray<float>(), 1e-5f);
    }

    [Fact]
    public void Elementwise_activations_and_their_fused_chains_run_as_on_the_CPU()
    {
        var model = new Sequential([
            new Dense(16, activation: "sigmoid"), new Dense(8, activation: "tanh"), new Dense(5), new Activation("log_softmax"),
        ]);
        (Tensor cpu, Tensor gpu) = PredictBoth(model, Simulator.Random(21, 19, 7));
        Simulator.AssertClose(cpu, gpu.ToArray<float>(), 1e-5f);
    }

    [Fact]
    public void An_op_without_a_GPU_kernel_is_refused_by_name_with_its_layer()
    {
        var model = new Sequential([new InputLayer([6, 6, 1]), new Conv2D(2, 3, name: "edges"), new Flatten(), new Dense(3)]);
        Compiled(model, Simulator.Random(22, 4, 6, 6, 1));
        Executable step = Assert.Single(model.PredictStepFunction!.Executables);
        lock (Simulator.Gate)
        {
            var error = Assert.Throws<NotSupportedException>(() => new GpuGraph(Simulator.Gpu, step.Graph, step.Plan));
            Assert.StartsWith("GPU: cannot run ", error.Message);
            Assert.Contains("(layer 'edges')", error.Message);
        }
    }
}
