using System.Text.Json;

namespace Strata.Datasets;

/// <summary>
/// imdb_word_index.json (word → frequency rank, 1 = "the"), parsed once per file and kept in
/// memory, with the reverse table that decoding needs.
/// </summary>
internal sealed class ImdbWordIndex
{
    private static readonly Lock CacheLock = new();
    private static ImdbWordIndex? s_cached;

    public string Path { get; }

    /// <summary>word → rank. Shared: callers that hand it out copy it first.</summary>
    public Dictionary<string, int> Ranks { get; }

    /// <summary>rank → word (the last word listed with that rank, as Python's dict inversion).</summary>
    public Dictionary<int, string> Words { get; }

    private readonly DateTime _written;

    private ImdbWordIndex(string path, DateTime written, Dictionary<string, int> ranks)
    {
        Path = path;
        _written = written;
        Ranks = ranks;
        Words = new Dictionary<int, string>(ranks.Count);
        foreach ((string word, int rank) in ranks) Words[rank] = word;
    }

    /// <summary>The parsed index of the file at <paramref name="path"/>, from the cache when the file is unchanged.</summary>
    public static ImdbWordIndex Load(string path)
    {
        DateTime written = File.GetLastWriteTimeUtc(path);
        lock (CacheLock)
        {
            if (s_cached is { } hit && hit.Path == path && hit._written == written) return hit;
        }
        var loaded = new ImdbWordIndex(path, written, Parse(path));
        lock (CacheLock) s_cached = loaded;
        return loaded;
    }

    private static Dictionary<string, int> Parse(string path)
    {
        Dictionary<string, int>? ranks;
        try
        {
            using FileStream stream = File.OpenRead(path);
            ranks = JsonSerializer.Deserialize(stream, Saving.StrataJsonContext.Default.DictionaryStringInt32);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a word index (a JSON object mapping words to integer ranks): {e.Message}", e);
        }
        if (ranks is null || ranks.Count == 0) throw new InvalidDataException($"'{path}' is an empty word index.");
        foreach ((string word, int rank) in ranks)
        {
            if (rank < 1) throw new InvalidDataException($"'{path}': the word \"{word}\" has rank {rank}; ranks start at 1.");
        }
        return ranks;
    }
}
