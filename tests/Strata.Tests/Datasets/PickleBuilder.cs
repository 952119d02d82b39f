using System.Buffers.Binary;
using System.Text;

namespace Strata.Tests.Datasets;

/// <summary>Writes pickle streams opcode by opcode, to build both numpy's object arrays and hostile or broken streams.</summary>
internal sealed class PickleBuilder
{
    private readonly List<byte> _bytes = [];

    public byte[] Bytes => [.. _bytes];

    public PickleBuilder Op(byte opcode)
    {
        _bytes.Add(opcode);
        return this;
    }

    public PickleBuilder Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public PickleBuilder Proto(byte protocol) => Op(0x80).Raw(protocol);

    public PickleBuilder Global(string module, string name) => Op((byte)'c').Raw(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));

    public PickleBuilder Str(string s) => Op((byte)'U').Raw((byte)s.Length).Raw(Encoding.Latin1.GetBytes(s));

    public PickleBuilder Int(long value)
    {
        if (value is >= 0 and < 256) return Op((byte)'K').Raw((byte)value);
        if (value is >= 0 and < 65536) return Op((byte)'M').Raw((byte)value, (byte)(value >> 8));
        var four = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(four, checked((int)value));
        return Op((byte)'J').Raw(four);
    }

    public PickleBuilder Put(int memo) => memo < 256 ? Op((byte)'q').Raw((byte)memo) : Op((byte)'r').Raw(BitConverter.GetBytes(memo));

    public PickleBuilder Mark() => Op((byte)'(');

    public PickleBuilder Stop() => Op((byte)'.');

    /// <summary>The stream numpy (Python 2, protocol 2) writes for a 1-d object array, as in reuters.npz; <paramref name="item"/> writes each element.</summary>
    public static byte[] ObjectArray<T>(IReadOnlyList<T> items, Action<PickleBuilder, T> item, string reconstructModule = "numpy.core.multiarray", string descr = "O8", int? declaredCount = null)
    {
        var p = new PickleBuilder().Proto(2)
            .Global(reconstructModule, "_reconstruct").Put(0)
            .Global("numpy", "ndarray").Put(1)
            .Int(0).Op(0x85).Put(2).Str("b").Put(3).Op(0x87).Put(4).Op((byte)'R').Put(5)
            .Mark().Int(1).Int(declaredCount ?? items.Count).Op(0x85).Put(6)
            .Global("numpy", "dtype").Put(7).Str(descr).Int(0).Int(1).Op(0x87).Put(8).Op((byte)'R').Put(9)
            .Mark().Int(3).Str("|").Put(10).Op((byte)'N').Op((byte)'N').Op((byte)'N').Int(-1).Int(-1).Int(63).Op((byte)'t').Put(11)
            .Op((byte)'b').Op(0x89).Op((byte)']').Put(12);
        if (items.Count > 0)
        {
            p.Mark();
            foreach (T value in items) item(p, value);
            p.Op((byte)'e');
        }
        return p.Op((byte)'t').Put(13).Op((byte)'b').Stop().Bytes;
    }

    /// <summary>A list of ints as numpy writes it: EMPTY_LIST, memo, then APPENDS (or APPEND for one item).</summary>
    public static void IntList(PickleBuilder p, int[] values)
    {
        p.Op((byte)']').Put(100);
        if (values.Length == 1) p.Int(values[0]).Op((byte)'a');
        else if (values.Length > 1)
        {
            p.Mark();
            foreach (int v in values) p.Int(v);
            p.Op((byte)'e');
        }
    }

    public static byte[] Sequences(params int[][] sequences) => ObjectArray(sequences, IntList);
}
