using System.Runtime.InteropServices;

namespace Strata.Saving.Keras;

/// <summary>
/// What Native AOT must compile for PureHDF (the HDF5 library under .keras and .h5 files), which finds it by
/// reflection: PureHDF sizes element types with <c>Marshal.SizeOf(Type)</c>, whose layout data the AOT compiler
/// keeps only for types some code sizes by name; they are named here. (The generic instantiations PureHDF makes
/// with MakeGenericMethod are in buildTransitive/Strata.rd.xml.) Under the JIT this costs a few calls, once.
/// </summary>
internal static class PureHdfUnderAot
{
    private static readonly int Sized = SizeElementTypes();

    /// <summary>Call before PureHDF reads or writes a file.</summary>
    public static void Prepare() => GC.KeepAlive(Sized);

    private static int SizeElementTypes() =>
        Marshal.SizeOf<byte>() + Marshal.SizeOf<sbyte>() + Marshal.SizeOf<short>() + Marshal.SizeOf<ushort>() +
        Marshal.SizeOf<int>() + Marshal.SizeOf<uint>() + Marshal.SizeOf<long>() + Marshal.SizeOf<ulong>() +
        Marshal.SizeOf<float>() + Marshal.SizeOf<double>();
}
