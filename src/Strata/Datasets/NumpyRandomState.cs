namespace Strata.Datasets;

/// <summary>
/// numpy's legacy <c>np.random.RandomState(seed)</c>, as far as Keras's loaders use it: MT19937
/// seeded by init_genrand, and <c>shuffle</c> of a 1-d array. Reproducing it exactly is what makes
/// the loaders return Keras's own train/test order.
/// </summary>
internal sealed class NumpyRandomState
{
    private const int N = 624, M = 397;
    private readonly uint[] _mt = new uint[N];
    private int _index;

    public NumpyRandomState(uint seed)
    {
        _mt[0] = seed;
        for (int i = 1; i < N; i++) _mt[i] = 1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30)) + (uint)i;
        _index = N;
    }

    /// <summary>The next tempered 32-bit output (genrand_int32).</summary>
    public uint NextUInt32()
    {
        if (_index >= N) Twist();
        uint y = _mt[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9D2C5680u;
        y ^= (y << 15) & 0xEFC60000u;
        return y ^ (y >> 18);
    }

    /// <summary>numpy's shuffle: from the last element down, swap with a uniform index at or below it.</summary>
    public void Shuffle<T>(T[] items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = (int)Interval((uint)i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>A permutation of 0..n-1: <c>indices = np.arange(n); rng.shuffle(indices)</c>.</summary>
    public int[] Permutation(int n)
    {
        int[] indices = Enumerable.Range(0, n).ToArray();
        Shuffle(indices);
        return indices;
    }

    /// <summary>A uniform value in [0, max] by rejection: mask to the smallest all-ones number covering max.</summary>
    private uint Interval(uint max)
    {
        uint mask = max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        uint value;
        while ((value = NextUInt32() & mask) > max)
        {
        }
        return value;
    }

    private void Twist()
    {
        for (int i = 0; i < N; i++)
        {
            uint y = (_mt[i] & 0x80000000u) | (_mt[(i + 1) % N] & 0x7FFFFFFFu);
            _mt[i] = _mt[(i + M) % N] ^ (y >> 1) ^ ((y & 1u) * 0x9908B0DFu);
        }
        _index = 0;
    }
}
