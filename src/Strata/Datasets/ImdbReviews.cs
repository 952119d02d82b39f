using System.Text;
using System.Text.Unicode;

namespace Strata.Datasets;

/// <summary>
/// Reads one split of the labelled IMDB reviews (Large Movie Review Dataset) as word ranks in
/// imdb.npz's order: all positive reviews, then all negative ones, each group sorted by file name
/// as a string ("0_9.txt", "10000_8.txt", …, "9999_8.txt"). Two layouts: the datasets README's
/// gzipped TSV (header <c>file_name⇥label⇥text</c>, one review per LF-ended line), or the original
/// <c>{pos,neg}/*.txt</c> folders.
/// </summary>
internal static class ImdbReviews
{
    private static readonly byte[] Header = "file_name\tlabel\ttext"u8.ToArray();

    private readonly record struct Review(string FileName, long Label, int[] Ranks);

    /// <summary>Reads a split from its .tsv.gz file.</summary>
    /// <exception cref="InvalidDataException">Not gzip, truncated, or not the expected TSV layout.</exception>
    public static (int[][] X, long[] Y) FromTsv(string path, ImdbTokenizer tokenizer)
    {
        byte[] data = GzipFile.ReadAll(path);
        Span<byte> rest = data;
        if (rest.StartsWith("\uFEFF"u8)) rest = rest[3..];

        int lineNumber = 1;
        Span<byte> header = NextLine(ref rest);
        if (!header.SequenceEqual(Header))
        {
            throw new InvalidDataException(
                $"'{path}': line 1 must be the header \"file_name<TAB>label<TAB>text\", found \"{Excerpt(header)}\". " +
                "See the datasets README for the aclImdb TSV format.");
        }

        var reviews = new List<Review>(25_000);
        while (!rest.IsEmpty)
        {
            lineNumber++;
            Span<byte> line = NextLine(ref rest);
            int firstTab = line.IndexOf((byte)'\t');
            int secondTab = firstTab < 0 ? -1 : line[(firstTab + 1)..].IndexOf((byte)'\t');
            int fields = firstTab < 0 ? 1 : secondTab < 0 ? 2 : 3 + line[(firstTab + secondTab + 2)..].Count((byte)'\t');
            if (fields != 3)
            {
                throw new InvalidDataException(
                    $"'{path}', line {lineNumber}: expected 3 tab-separated fields (file_name, label, text), found {fields}: \"{Excerpt(line)}\".");
            }
            secondTab += firstTab + 1;
            string fileName = Encoding.UTF8.GetString(line[..firstTab]);
            ReadOnlySpan<byte> label = line[(firstTab + 1)..secondTab];
            long value = label.SequenceEqual("1"u8) ? 1 : label.SequenceEqual("0"u8) ? 0
                : throw new InvalidDataException(
                    $"'{path}', line {lineNumber} ({fileName}): the label must be 0 (negative) or 1 (positive), found \"{Excerpt(label)}\".");
            reviews.Add(new Review(fileName, value, Encode(tokenizer, line[(secondTab + 1)..], path, lineNumber)));
        }
        if (reviews.Count == 0) throw new InvalidDataException($"'{path}' holds no reviews, only the header.");
        return InStoredOrder(reviews);
    }

    /// <summary>Reads a split from the original layout: <c>split/pos/*.txt</c> (label 1) and <c>split/neg/*.txt</c> (label 0).</summary>
    public static (int[][] X, long[] Y) FromFolders(string splitFolder, ImdbTokenizer tokenizer)
    {
        var reviews = new List<Review>(25_000);
        foreach ((string folder, long label) in new[] { ("pos", 1L), ("neg", 0L) })
        {
            string directory = Path.Combine(splitFolder, folder);
            string[] files = Directory.GetFiles(directory, "*.txt");
            if (files.Length == 0) throw new InvalidDataException($"'{directory}' holds no review (.txt) files.");
            foreach (string file in files)
            {
                reviews.Add(new Review(Path.GetFileName(file), label, Encode(tokenizer, File.ReadAllBytes(file), file, lineNumber: null)));
            }
        }
        return InStoredOrder(reviews);
    }

    private static int[] Encode(ImdbTokenizer tokenizer, Span<byte> text, string path, int? lineNumber)
    {
        if (!Utf8.IsValid(text))
        {
            throw new InvalidDataException($"'{path}'{(lineNumber is int n ? $", line {n}" : "")}: the review text is not valid UTF-8.");
        }
        return tokenizer.Encode(text);
    }

    /// <summary>Positive reviews first, then negative; each group by file name, ordinal.</summary>
    private static (int[][] X, long[] Y) InStoredOrder(List<Review> reviews)
    {
        Review[] ordered = [.. reviews.OrderByDescending(r => r.Label).ThenBy(r => r.FileName, StringComparer.Ordinal)];
        return ([.. ordered.Select(r => r.Ranks)], [.. ordered.Select(r => r.Label)]);
    }

    /// <summary>The text up to the next LF (LF only: U+0085 inside texts is not a line break); advances past it.</summary>
    private static Span<byte> NextLine(ref Span<byte> rest)
    {
        int end = rest.IndexOf((byte)'\n');
        Span<byte> line = end < 0 ? rest : rest[..end];
        rest = end < 0 ? [] : rest[(end + 1)..];
        return line;
    }

    private static string Excerpt(ReadOnlySpan<byte> bytes)
    {
        string text = Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 80)]);
        return bytes.Length > 80 ? text + "…" : text;
    }
}
