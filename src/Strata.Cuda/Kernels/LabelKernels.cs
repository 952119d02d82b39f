using ILGPU;
using ILGPU.Runtime;

namespace Strata.Cuda.Kernels;

/// <summary>
/// A sparse loss's label check on the device: the labels copied through, and a flag raised when one lies outside
/// [0, classes) and is not the ignored class. The step looks at the flag after the run and, if raised, lets the CPU's
/// check find the label and say which (the same message as on the CPU).
/// </summary>
internal static class LabelKernels
{
    public static void Check(Index1D i, ArrayView<float> labels, ArrayView<float> checkedLabels, ArrayView<float> flag, int classes, int ignoreClass, int hasIgnore)
    {
        float label = labels[i];
        checkedLabels[i] = label;
        if ((label < 0f || label >= classes) && !(hasIgnore != 0 && label == ignoreClass)) flag[0] = 1f;
    }
}
