using System.Buffers;
using System.Text;

namespace Strata.Datasets;

/// <summary>
/// Turns a review into word ranks the way Keras's imdb.npz was made (see the datasets README):
/// Keras's Tokenizer with its default filters and ASCII-only lowercasing. Lowercase A-Z; replace
/// each of <c>!"#$%&amp;()*+,-./:;&lt;=&gt;?@[\]^_`{|}~</c>, TAB and LF by a space; split on U+0020 only and
/// drop empty words. The apostrophe, digits and every non-ASCII character stay inside words, and
/// "&lt;br /&gt;" becomes the word "br". Words not in the index are left out (test-only words).
/// </summary>
/// <remarks>
/// Every separator is ASCII, so the rules apply to UTF-8 bytes as they are: the tokenizer works on
/// the bytes and looks words up in its own open-addressing table of the words' UTF-8 forms, with no
/// decoding and no string per word. Thread-safe: after construction everything is only read.
/// </remarks>
internal sealed class ImdbTokenizer
{
    private const string Filters = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n";

    private static readonly bool[] IsSeparator = BuildSeparators();

    private readonly byte[] _words;      // the UTF-8 bytes of all words, one after another
    private readonly int[] _wordStart;   // word i is _words[_wordStart[i].._wordStart[i + 1]]
    private readonly int[] _ranks;       // rank of word i
    private readonly int[] _slots;       // hash table: word index + 1, 0 = empty
    private readonly int _mask;

    /// <param name="wordIndex">word → rank (imdb_word_index.json).</param>
    public ImdbTokenizer(Dictionary<string, int> wordIndex)
    {
        int count = wordIndex.Count;
        _wordStart = new int[count + 1];
        _ranks = new int[count];
        var bytes = new List<byte>(count * 8);
        int i = 0;
        foreach ((string word, int rank) in wordIndex)
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(word));
            _ranks[i] = rank;
            _wordStart[++i] = bytes.Count;
        }
        _words = [.. bytes];

        int size = (int)Math.Max(16, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)count * 2));
        _slots = new int[size];
        _mask = size - 1;
        for (i = 0; i < count; i++)
        {
            int slot = (int)(Hash(Word(i)) & (uint)_mask);
            while (_slots[slot] != 0) slot = (slot + 1) & _mask;
            _slots[slot] = i + 1;
        }
    }

    private static bool[] BuildSeparators()
    {
        var table = new bool[256];
        table[' '] = true;
        foreach (char c in Filters) table[c] = true;
        return table;
    }

    private ReadOnlySpan<byte> Word(int i) => _words.AsSpan(_wordStart[i].._wordStart[i + 1]);

    /// <summary>The words of <paramref name="text"/> under the rules above (for tests and inspection).</summary>
    public static List<string> Words(string text)
    {
        Span<byte> utf8 = Encoding.UTF8.GetBytes(text);
        var words = new List<string>();
        int position = 0;
        while (NextWord(utf8, ref position, out Range word)) words.Add(Encoding.UTF8.GetString(utf8[word]));
        return words;
    }

    /// <summary>
    /// The ranks of the indexed words of a UTF-8 review text, in order. Lowercases the ASCII
    /// letters of <paramref name="utf8"/> in place.
    /// </summary>
    public int[] Encode(Span<byte> utf8)
    {
        // At most one word per two bytes (a word and its separator).
        int[] ranks = ArrayPool<int>.Shared.Rent(utf8.Length / 2 + 1);
        try
        {
            int count = 0, position = 0;
            while (NextWord(utf8, ref position, out Range word))
            {
                int rank = Rank(utf8[word]);
                if (rank > 0) ranks[count++] = rank;
            }
            return ranks.AsSpan(0, count).ToArray();
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ranks);
        }
    }

    /// <summary>The rank of a (lowercased) word; 0 when it is not in the index.</summary>
    private int Rank(ReadOnlySpan<byte> word)
    {
        int slot = (int)(Hash(word) & (uint)_mask);
        int entry;
        while ((entry = _slots[slot]) != 0)
        {
            if (Word(entry - 1).SequenceEqual(word)) return _ranks[entry - 1];
            slot = (slot + 1) & _mask;
        }
        return 0;
    }

    /// <summary>FNV-1a with a final mix, so the table's low bits are well spread.</summary>
    private static uint Hash(ReadOnlySpan<byte> word)
    {
        uint h = 2166136261;
        foreach (byte b in word) h = (h ^ b) * 16777619;
        h ^= h >> 15;
        h *= 0x2C1B3C6Du;
        return h ^ (h >> 12);
    }

    /// <summary>
    /// Finds the next word at or after <paramref name="position"/>, lowercasing its ASCII letters in
    /// place; false when only separators remain.
    /// </summary>
    private static bool NextWord(Span<byte> text, ref int position, out Range word)
    {
        bool[] separator = IsSeparator;
        int i = position;
        while (i < text.Length && separator[text[i]]) i++;
        int start = i;
        for (; i < text.Length; i++)
        {
            byte b = text[i];
            if (separator[b]) break;
            if ((uint)(b - 'A') <= 'Z' - 'A') text[i] = (byte)(b | 0x20);
        }
        position = i;
        word = start..i;
        return i > start;
    }
}
