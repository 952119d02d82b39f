namespace Strata.Text;

/// <summary>What TextVectorization.Adapt gathers: each token's count, and for TF-IDF the documents it occurs in.</summary>
internal sealed class TokenCounts
{
    public Dictionary<string, long> Counts { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> DocumentCounts { get; } = new(StringComparer.Ordinal);

    public long Documents { get; private set; }

    /// <summary>One document's tokens (its n-grams included).</summary>
    public void Add(List<string> tokens, bool countDocuments)
    {
        foreach (string token in tokens) Counts[token] = Counts.GetValueOrDefault(token) + 1;
        if (!countDocuments) return;
        Documents++;
        foreach (string token in new HashSet<string>(tokens, StringComparer.Ordinal)) DocumentCounts[token] = DocumentCounts.GetValueOrDefault(token) + 1;
    }
}
