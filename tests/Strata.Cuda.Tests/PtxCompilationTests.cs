using System.Reflection;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using Strata.Cuda.Kernels;

namespace Strata.Cuda.Tests;

/// <summary>
/// Every GPU kernel compiled to PTX for the H100 (sm_90, PTX ISA 8.8) by ILGPU's own PTX backend, without a GPU:
/// what the CPU accelerator cannot show (a construct the PTX backend refuses, a math function it cannot lower without
/// ILGPU.Algorithms, as exp, log and pow could not before this test) shows here.
/// </summary>
public class PtxCompilationTests
{
    public static TheoryData<string> Kernels() => new(
        $"{nameof(ElementProgram)}.{nameof(ElementProgram.Run)}", $"{nameof(GemmKernel)}.{nameof(GemmKernel.Run)}",
        $"{nameof(RowKernels)}.{nameof(RowKernels.Softmax)}", $"{nameof(RowKernels)}.{nameof(RowKernels.ArgMax)}",
        $"{nameof(ReduceKernel)}.{nameof(ReduceKernel.Run)}", $"{nameof(RowProgram)}.{nameof(RowProgram.Run)}",
        $"{nameof(WindowKernels)}.{nameof(WindowKernels.Col2Im)}", $"{nameof(WindowKernels)}.{nameof(WindowKernels.MaxPool)}",
        $"{nameof(WindowKernels)}.{nameof(WindowKernels.MaxPoolGradient)}", $"{nameof(OptimizerKernels)}.{nameof(OptimizerKernels.Rmsprop)}",
        $"{nameof(OptimizerKernels)}.{nameof(OptimizerKernels.Sgd)}", $"{nameof(OptimizerKernels)}.{nameof(OptimizerKernels.Adam)}",
        $"{nameof(LabelKernels)}.{nameof(LabelKernels.Check)}", $"{nameof(WindowKernels)}.{nameof(WindowKernels.AveragePool)}",
        $"{nameof(WindowKernels)}.{nameof(WindowKernels.AveragePoolGradient)}");

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Each_kernel_compiles_to_PTX_for_the_H100(string kernel)
    {
        string[] parts = kernel.Split('.');
        MethodInfo method = typeof(ElementProgram).Assembly.GetType($"Strata.Cuda.Kernels.{parts[0]}")!.GetMethod(parts[1], BindingFlags.Public | BindingFlags.Static)!;
        using Context context = Context.Create(builder => builder.Cuda().Math(MathMode.Fast32BitOnly).EnableAlgorithms());
        using var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_90), CudaArchitecture.SM_90, CudaInstructionSet.ISA_88, nvvmAPI: null);
        var entry = EntryPointDescription.FromImplicitlyGroupedKernel(method);
        var compiled = (PTXCompiledKernel)backend.Compile(entry, KernelSpecialization.Empty);
        // ILGPU writes the lowest target the code needs (sm_80 here); the driver runs it on the H100 (sm_90).
        Assert.Matches(@"\.target sm_[5-9]\d", compiled.PTXAssembly);
        Assert.Contains($".entry Kernel_{parts[1]}", compiled.PTXAssembly);
    }
}
