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
    /// <summary>Every kernel: each public static method of Strata.Cuda.Kernels whose first parameter is a launch index.</summary>
    public static TheoryData<string> Kernels() => new(Names());

    private static string[] Names() => [.. typeof(ElementProgram).Assembly.GetTypes()
        .Where(t => t.Namespace == "Strata.Cuda.Kernels")
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.GetParameters() is [{ ParameterType: var p }, ..] && (p == typeof(Index1D) || p == typeof(Index2D) || p == typeof(Index3D)))
            .Select(m => $"{t.Name}.{m.Name}"))
        .Order()];

    [Fact]
    public void The_kernels_are_all_found()
    {
        // As many as GpuKernels loads (one launch delegate each), found by the launch-index rule, with no list to keep.
        int loaded = typeof(GpuKernels).GetFields(BindingFlags.NonPublic | BindingFlags.Instance)
            .Count(f => f.FieldType.IsGenericType && f.FieldType.GetGenericTypeDefinition().Name.StartsWith("Action", StringComparison.Ordinal)
                && f.FieldType.GetGenericArguments()[1] is var index && (index == typeof(Index1D) || index == typeof(Index2D)));
        Assert.Equal(loaded, Names().Length);
        Assert.Contains("ChannelKernels.BlockSums", Names());
    }

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
