using PureHDF;

namespace Strata.Saving.Keras;

/// <summary>
/// Reading what Keras puts in HDF5 (through PureHDF): arrays as tensors (float16/32/64 become float32, integers
/// int32 or int64, as the model's weights and optimizer step are), and string attributes (fixed-length byte
/// strings from h5py, or variable-length ones). A problem names the file and the path inside it.
/// </summary>
internal static class H5Arrays
{
    /// <summary>A dataset as a tensor of its shape.</summary>
    public static Tensor Read(IH5Dataset dataset, string source, string path)
    {
        // A scalar dataset (an optimizer's step) has rank 0, whatever size the library reports for it.
        int[] shape = dataset.Space.Type == H5DataspaceType.Scalar ? [] : dataset.Space.Dimensions.Select(d => d <= int.MaxValue ? (int)d : throw Invalid(source, path, $"has a dimension of {d}")).ToArray();
        long size = shape.Aggregate(1L, (a, d) => a * d);
        if (size > int.MaxValue) throw Invalid(source, path, $"holds {size:N0} values, more than a tensor may");
        IH5DataType type = dataset.Type;
        try
        {
            return (type.Class, type.Size) switch
            {
                (H5DataTypeClass.FloatingPoint, 4) => Shaped(dataset.Read<float[]>(), shape),
                (H5DataTypeClass.FloatingPoint, 8) => Shaped(dataset.Read<double[]>().Select(v => (float)v).ToArray(), shape),
                (H5DataTypeClass.FloatingPoint, 2) => Shaped(dataset.Read<Half[]>().Select(v => (float)v).ToArray(), shape),
                (H5DataTypeClass.FixedPoint, 8) => Shaped(dataset.Read<long[]>(), shape),
                (H5DataTypeClass.FixedPoint, 4) => Shaped(dataset.Read<int[]>(), shape),
                _ => throw Invalid(source, path, $"has element type {type.Class} of {type.Size} bytes, which is not a weight Strata reads"),
            };
        }
        catch (Exception e) when (e is not InvalidDataException)
        {
            throw Invalid(source, path, $"cannot be read ({e.Message})", e);
        }
    }

    /// <summary>The values in a tensor of this shape (rank 0 for a scalar: FromArray would make a vector of one).</summary>
    private static Tensor Shaped<T>(T[] values, int[] shape) => shape.Length == 0 ? Tensor.Scalar(values[0]) : Tensor.FromArray(values, shape);

    /// <summary>A string attribute (one string, or the first of an array).</summary>
    public static string ReadString(IH5Object owner, string attribute, string source, string path) =>
        ReadStrings(owner, attribute, source, path) is [string one] ? one : throw Invalid(source, path, $"attribute '{attribute}' is not one string");

    /// <summary>A string-array attribute, such as Keras's layer_names and weight_names.</summary>
    public static string[] ReadStrings(IH5Object owner, string attribute, string source, string path)
    {
        if (!owner.AttributeExists(attribute)) throw Invalid(source, path, $"has no attribute '{attribute}'");
        IH5Attribute a = owner.Attribute(attribute);
        try
        {
            if (a.Space.Rank == 0) return [Clean(a.Read<string>())];
            if (a.Space.Dimensions.Aggregate(1UL, (x, d) => x * d) == 0) return [];
            return a.Read<string[]>().Select(Clean).ToArray();
        }
        catch (Exception e) when (e is not InvalidDataException)
        {
            throw Invalid(source, path, $"attribute '{attribute}' cannot be read as text ({e.Message})", e);
        }
    }

    /// <summary>Fixed-length byte strings come padded with NULs.</summary>
    private static string Clean(string text) => text.TrimEnd('\0');

    public static InvalidDataException Invalid(string source, string path, string problem, Exception? inner = null) =>
        new($"{source}: '{path}' {problem}.", inner);
}
