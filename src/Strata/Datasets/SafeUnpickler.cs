using System.Buffers.Binary;
using System.Text;

namespace Strata.Datasets;

/// <summary>
/// A pickle reader that can only rebuild numpy object arrays of int lists, the way numpy stores the
/// ragged sequences of Keras's IMDB and Reuters files. A pickle is a program for a stack machine
/// and Python's unpickler will call any function a file names; this one knows a fixed set of
/// opcodes (those numpy's pickles of protocols 2 to 4 use) and resolves globals to an enum of three
/// numpy names, so a file can build data but never run code. Everything else is refused with the
/// opcode or global and its offset.
/// </summary>
internal sealed class SafeUnpickler
{
    /// <summary>
    /// Word ranks are written as BININT1/BININT2; sharing one boxed value per rank instead of boxing
    /// each of IMDB's ~12 million tokens saves hundreds of megabytes of short-lived garbage.
    /// </summary>
    private static readonly object[] SmallInts = [.. Enumerable.Range(0, 1 << 16).Select(i => (object)(long)i)];

    private readonly byte[] _data;
    private readonly int _start;
    private readonly string _source;
    private readonly List<object?> _stack = [];
    private readonly Stack<int> _marks = new();
    private readonly Dictionary<long, object?> _memo = [];
    private int _pos;
    private int _opcodeAt;

    private SafeUnpickler(byte[] data, int start, string source)
    {
        _data = data;
        _start = start;
        _pos = start;
        _source = source;
    }

    /// <summary>Runs the pickle in <paramref name="data"/> from <paramref name="start"/> and returns the numpy array it builds.</summary>
    /// <exception cref="InvalidDataException">The stream is malformed or asks for anything outside the whitelist.</exception>
    public static PickledArray Load(byte[] data, int start, string source)
    {
        var unpickler = new SafeUnpickler(data, start, source);
        object? result = unpickler.Run();
        if (result is not PickledArray { Items: not null } array)
        {
            throw new InvalidDataException($"{source}: the pickle builds {PickledArray.Describe([result])}, not a numpy object array.");
        }
        array.PickleLength = data.Length - start;
        return array;
    }

    private object? Run()
    {
        while (true)
        {
            _opcodeAt = _pos;
            byte op = ReadBytes(1)[0];
            switch (op)
            {
                case 0x80: // PROTO
                    byte protocol = ReadBytes(1)[0];
                    if (protocol is < 2 or > 4) throw Fail($"pickle protocol {protocol} is not supported (numpy writes 2, 3 or 4)");
                    break;
                case 0x95: // FRAME (protocol 4): a length prefix for buffering; the opcodes inside are read as usual
                    if (BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8)) > (ulong)(_data.Length - _pos)) throw Fail("FRAME is longer than the rest of the stream");
                    break;
                case 0x2E: // STOP
                    if (_stack.Count != 1 || _marks.Count != 0) throw Fail($"STOP with {_stack.Count} values on the stack and {_marks.Count} open MARKs");
                    if (_pos != _data.Length) throw Fail($"{_data.Length - _pos} bytes follow STOP");
                    return _stack[0];
                case 0x28: _marks.Push(_stack.Count); break; // MARK
                case 0x4E: Push(null); break; // NONE
                case 0x88: Push(true); break; // NEWTRUE
                case 0x89: Push(false); break; // NEWFALSE
                case 0x4B: Push(SmallInts[ReadBytes(1)[0]]); break; // BININT1
                case 0x4D: Push(SmallInts[BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2))]); break; // BININT2
                case 0x4A: Push((long)BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4))); break; // BININT
                case 0x8A: Push(ReadLong1()); break; // LONG1
                case 0x55: Push(Encoding.Latin1.GetString(ReadBytes(ReadBytes(1)[0]))); break; // SHORT_BINSTRING (Python 2 str)
                case 0x43: Push(Encoding.Latin1.GetString(ReadBytes(ReadBytes(1)[0]))); break; // SHORT_BINBYTES
                case 0x54: Push(Encoding.Latin1.GetString(ReadBytes(ReadLength4()))); break; // BINSTRING
                case 0x42: Push(Encoding.Latin1.GetString(ReadBytes(ReadLength4()))); break; // BINBYTES
                case 0x8C: Push(Utf8(ReadBytes(ReadBytes(1)[0]))); break; // SHORT_BINUNICODE
                case 0x58: Push(Utf8(ReadBytes(ReadLength4()))); break; // BINUNICODE
                case 0x29: Push(Array.Empty<object?>()); break; // EMPTY_TUPLE
                case 0x85: Push(PopN(1)); break; // TUPLE1
                case 0x86: Push(PopN(2)); break; // TUPLE2
                case 0x87: Push(PopN(3)); break; // TUPLE3
                case 0x74: Push(PopMark()); break; // TUPLE
                case 0x5D: Push(new List<object?>()); break; // EMPTY_LIST
                case 0x61: // APPEND
                    object? item = Pop();
                    ListAt(_stack.Count - 1, "APPEND").Add(item);
                    break;
                case 0x65: // APPENDS
                    object?[] items = PopMark();
                    ListAt(_stack.Count - 1, "APPENDS").AddRange(items);
                    break;
                case 0x71: Memo(ReadBytes(1)[0]); break; // BINPUT
                case 0x72: Memo(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))); break; // LONG_BINPUT
                case 0x94: Memo(_memo.Count); break; // MEMOIZE (protocol 4)
                case 0x68: Push(Recall(ReadBytes(1)[0])); break; // BINGET
                case 0x6A: Push(Recall(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)))); break; // LONG_BINGET
                case 0x63: // GLOBAL: "module\nname\n"
                    Push(Global(ReadLine(), ReadLine()));
                    break;
                case 0x93: // STACK_GLOBAL (protocol 4): the same names, taken from the stack; checked just as strictly
                    object? name = Pop(), module = Pop();
                    if (module is not string m || name is not string n) throw Fail($"STACK_GLOBAL needs two strings, got {PickledArray.Describe([module, name])}");
                    Push(Global(m, n));
                    break;
                case 0x52: // REDUCE: callable(*args)
                    object? args = Pop(), callable = Pop();
                    if (args is not object?[] arguments) throw Fail($"REDUCE needs an argument tuple, got {PickledArray.Describe([args])}");
                    Push(PickledArray.Call(callable, arguments, Fail));
                    break;
                case 0x62: // BUILD: target.__setstate__(state), for numpy arrays and dtypes only
                    object? state = Pop();
                    PickledArray.Build(Peek(), state, Fail);
                    break;
                default:
                    throw Fail($"opcode 0x{op:X2}{PickleOpcodes.NameOf(op)} is not allowed in a dataset file (only the opcodes numpy uses to store arrays of int lists are)");
            }
        }
    }

    /// <summary>A name becomes one of three enum values, never a lookup of code: anything else stops the load here.</summary>
    private NumpyGlobal Global(string module, string name) =>
        PickledArray.Resolve(module, name)
        ?? throw Fail($"the global '{module}.{name}' is refused: a dataset file may only name numpy.core.multiarray._reconstruct, numpy.ndarray and numpy.dtype. The file is corrupted or malicious");

    private InvalidDataException Fail(string message) =>
        new($"{_source}: unsafe or malformed pickle at byte {_opcodeAt - _start} of the pickle stream: {message}.");

    private void Push(object? value) => _stack.Add(value);

    private object? Peek() => _stack.Count > (_marks.Count > 0 ? _marks.Peek() : 0) ? _stack[^1] : throw Fail("an opcode needs a value but the stack is empty (down to the last MARK)");

    private object? Pop()
    {
        int floor = _marks.Count > 0 ? _marks.Peek() : 0;
        if (_stack.Count <= floor) throw Fail("an opcode needs a value but the stack is empty (down to the last MARK)");
        object? value = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private object?[] PopN(int n)
    {
        var values = new object?[n];
        for (int i = n - 1; i >= 0; i--) values[i] = Pop();
        return values;
    }

    /// <summary>The values pushed since the last MARK, which is removed.</summary>
    private object?[] PopMark()
    {
        if (_marks.Count == 0) throw Fail("no MARK to collect values from");
        int mark = _marks.Pop();
        object?[] values = [.. _stack.Skip(mark)];
        _stack.RemoveRange(mark, _stack.Count - mark);
        return values;
    }

    private List<object?> ListAt(int index, string opcode)
    {
        int floor = _marks.Count > 0 ? _marks.Peek() : 0;
        return index >= floor && _stack[index] is List<object?> list ? list : throw Fail($"{opcode} needs a list under its items");
    }

    private void Memo(long key) => _memo[key] = Peek();

    private object? Recall(long key) => _memo.TryGetValue(key, out object? value) ? value : throw Fail($"memo entry {key} was never stored");

    private ReadOnlySpan<byte> ReadBytes(long count)
    {
        if (count > _data.Length - _pos) throw Fail($"the stream is truncated: {count} bytes needed, {_data.Length - _pos} left");
        var span = new ReadOnlySpan<byte>(_data, _pos, (int)count);
        _pos += (int)count;
        return span;
    }

    private long ReadLength4()
    {
        int length = BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4));
        return length >= 0 ? length : throw Fail($"negative length {length}");
    }

    /// <summary>LONG1: a little-endian two's complement integer of up to 8 bytes (longer ones cannot be sequence values).</summary>
    private long ReadLong1()
    {
        int n = ReadBytes(1)[0];
        if (n > 8) throw Fail($"an integer of {n} bytes is too large");
        ReadOnlySpan<byte> bytes = ReadBytes(n);
        long value = 0;
        for (int i = n - 1; i >= 0; i--) value = (value << 8) | bytes[i];
        if (n is > 0 and < 8 && (bytes[n - 1] & 0x80) != 0) value -= 1L << (8 * n);
        return value;
    }

    /// <summary>A text line of GLOBAL's operand; module and class names are short, so long lines are refused early.</summary>
    private string ReadLine()
    {
        int end = Array.IndexOf(_data, (byte)'\n', _pos, Math.Min(256, _data.Length - _pos));
        if (end < 0) throw Fail("GLOBAL's names are truncated or too long");
        string line = Encoding.ASCII.GetString(_data, _pos, end - _pos);
        _pos = end + 1;
        return line;
    }

    private string Utf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Fail("a unicode string is not valid UTF-8");
        }
    }
}
