namespace Strata.Datasets;

/// <summary>The only Python callables a dataset pickle may name: what numpy needs to rebuild an object array.</summary>
internal enum NumpyGlobal
{
    /// <summary><c>numpy.core.multiarray._reconstruct</c> (numpy._core in numpy 2): makes an empty ndarray.</summary>
    Reconstruct,

    /// <summary><c>numpy.ndarray</c>: only ever an argument of _reconstruct.</summary>
    NdArray,

    /// <summary><c>numpy.dtype</c>: called with ('O8', align, copy) for an object array.</summary>
    DType,
}

/// <summary>A numpy dtype as a pickle rebuilds it: only its descr matters here ("O8" or "O4", an object pointer).</summary>
internal sealed class PickledDType(string descr)
{
    public string Descr { get; } = descr;
}

/// <summary>
/// A numpy object array as a pickle rebuilds it: <c>_reconstruct(ndarray, (0,), b'b')</c> makes it
/// empty, then BUILD's state tuple <c>(version, shape, dtype, fortran_order, list_of_items)</c> fills it.
/// </summary>
internal sealed class PickledArray
{
    public int[] Shape { get; private set; } = [0];

    /// <summary>The length of the pickle stream that built the array: the default bound on what it may expand to.</summary>
    public long PickleLength { get; set; }

    /// <summary>The elements in C order, null until BUILD has run.</summary>
    public List<object?>? Items { get; private set; }

    /// <summary>The meaning of the whitelisted globals, and nothing else: names are resolved to an enum, never to code.</summary>
    public static NumpyGlobal? Resolve(string module, string name) => (module, name) switch
    {
        ("numpy.core.multiarray" or "numpy._core.multiarray", "_reconstruct") => NumpyGlobal.Reconstruct,
        ("numpy", "ndarray") => NumpyGlobal.NdArray,
        ("numpy", "dtype") => NumpyGlobal.DType,
        _ => null,
    };

    /// <summary>REDUCE: calls <paramref name="callable"/> with <paramref name="args"/>, for the two calls numpy's pickles make.</summary>
    public static object Call(object? callable, object?[] args, Func<string, Exception> fail)
    {
        switch (callable)
        {
            case NumpyGlobal.Reconstruct:
                // _reconstruct(ndarray, (0,), b'b'): the subtype must be ndarray itself, never a user class.
                if (args.Length != 3 || args[0] is not NumpyGlobal.NdArray || args[1] is not object?[] || args[2] is not string)
                {
                    throw fail($"_reconstruct must be called as _reconstruct(numpy.ndarray, shape, typecode), got ({Describe(args)})");
                }
                return new PickledArray();
            case NumpyGlobal.DType:
                // dtype('O8', 0, 1) from Python 2 numpy, dtype('O8', False, True) from numpy 2.
                if (args.Length != 3 || args[0] is not string descr || args[1] is not (long or bool) || args[2] is not (long or bool))
                {
                    throw fail($"numpy.dtype must be called as dtype(descr, align, copy), got ({Describe(args)})");
                }
                if (descr is not ("O8" or "O4"))
                {
                    throw fail($"the array's dtype is '{descr}'; only object arrays ('O8') are read from pickles (numeric arrays are stored as plain .npy data)");
                }
                return new PickledDType(descr);
            default:
                throw fail($"REDUCE may only call numpy's _reconstruct or dtype, not {Describe([callable])}");
        }
    }

    /// <summary>BUILD: sets the state of an object made by <see cref="Call"/>.</summary>
    public static void Build(object? target, object? state, Func<string, Exception> fail)
    {
        switch (target)
        {
            case PickledDType:
                // (3, '|', None, None, None, -1, -1, 63): byte order and flags of an object dtype; nothing to keep.
                if (state is not object?[] { Length: >= 1 } dtypeState || dtypeState[0] is not long)
                {
                    throw fail($"a dtype's state must be a tuple starting with its version, got {Describe([state])}");
                }
                break;
            case PickledArray array:
                array.SetState(state, fail);
                break;
            default:
                throw fail($"BUILD may only set the state of a numpy array or dtype, not of {Describe([target])}");
        }
    }

    private void SetState(object? state, Func<string, Exception> fail)
    {
        if (Items is not null) throw fail("BUILD ran twice on the same array");
        // numpy writes (version, shape, dtype, is_fortran, data); very old pickles omit the version.
        object?[] parts = state switch
        {
            object?[] { Length: 5 } s => s[1..],
            object?[] { Length: 4 } s => s,
            _ => throw fail($"an array's state must be (version, shape, dtype, is_fortran, data), got {Describe([state])}"),
        };
        if (parts[0] is not object?[] dims || dims.Any(d => d is not long n || n is < 0 or > int.MaxValue))
        {
            throw fail($"an array's shape must be a tuple of sizes, got {Describe([parts[0]])}");
        }
        if (parts[1] is not PickledDType) throw fail($"an array's dtype must be a numpy.dtype, got {Describe([parts[1]])}");
        if (parts[2] is not (bool or long)) throw fail($"an array's is_fortran flag must be a bool, got {Describe([parts[2]])}");
        if (parts[3] is not List<object?> items) throw fail($"an object array's data must be a list, got {Describe([parts[3]])}");

        int[] shape = [.. dims.Select(d => (int)(long)d!)];
        long size = 1;
        foreach (int d in shape) size = size > int.MaxValue ? size : size * d; // saturate instead of overflowing
        if (size != items.Count)
        {
            throw fail($"the array's shape {Strata.Shape.Format(shape)} needs {size} items, its data list has {items.Count}");
        }
        bool fortran = parts[2] is true || (parts[2] is long flag && flag != 0);
        if (shape.Length > 1 && fortran)
        {
            throw fail("the object array is stored in Fortran order, which is not supported");
        }
        Shape = shape;
        Items = items;
    }

    /// <summary>
    /// The elements as int sequences: a 1-d array whose every item is a list of ints (Keras's IMDB and Reuters).
    /// The lists may hold at most <paramref name="maxElements"/> ints in all (default: <see cref="PickleLength"/>),
    /// counted before anything is allocated: items that share one list by reference count once each.
    /// </summary>
    public int[][] ToSequences(string source, string key, long? maxElements)
    {
        if (Items is null) throw new InvalidDataException($"{source}: the pickled array was never filled (no BUILD).");
        if (Shape.Length != 1)
        {
            throw new InvalidDataException($"{source}: the object array has shape {Strata.Shape.Format(Shape)}; sequences need a 1-d array.");
        }
        CheckExpansion(source, key, maxElements ?? PickleLength);
        var sequences = new int[Items.Count][];
        for (int i = 0; i < sequences.Length; i++)
        {
            var list = (List<object?>)Items[i]!;
            var sequence = new int[list.Count];
            for (int j = 0; j < sequence.Length; j++)
            {
                sequence[j] = list[j] is long v && v is >= int.MinValue and <= int.MaxValue ? (int)v
                    : throw new InvalidDataException($"{source}: item {i} of the object array holds {Describe([list[j]])} at position {j}; sequences must hold only 32-bit ints.");
            }
            sequences[i] = sequence;
        }
        return sequences;
    }

    private void CheckExpansion(string source, string key, long limit)
    {
        long total = 0;
        for (int i = 0; i < Items!.Count; i++)
        {
            if (Items[i] is not List<object?> list)
            {
                throw new InvalidDataException($"{source}: item {i} of the object array is {Describe([Items[i]])}, not a list of ints.");
            }
            total += list.Count;
        }
        if (total > limit)
        {
            throw new InvalidDataException(
                $"{source}: the sequences hold {total:N0} ints in all, more than the limit of {limit:N0} " +
                $"(by default one per byte of the {PickleLength:N0}-byte pickle: its lists are repeated by reference, as no honest " +
                $"dataset file does). If the file is trusted, raise the limit: Sequences(\"{key}\", maxElements: {total}).");
        }
    }

    /// <summary>A short, safe description of pickle values for error messages (types and small values only).</summary>
    public static string Describe(object?[] values) => string.Join(", ", values.Select(v => v switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        long l => $"the int {l}",
        string s => $"the string '{(s.Length > 20 ? s[..20] + "…" : s)}'",
        object?[] t => $"a tuple of {t.Length}",
        List<object?> l => $"a list of {l.Count}",
        NumpyGlobal g => $"the global {g}",
        PickledArray => "a numpy array",
        PickledDType => "a numpy dtype",
        _ => v.GetType().Name,
    }));
}
