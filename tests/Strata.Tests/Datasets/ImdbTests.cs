using System.Security.Cryptography;
using Strata.Datasets;
using Xunit.Abstractions;

namespace Strata.Tests.Datasets;

/// <summary>
/// IMDB against the datasets README: the rebuilt imdb.npz arrays, load_data()'s result (checksums
/// and printed values), its options, the word index and decoding. Needs STRATA_DATASETS (or
/// ~/.keras/datasets) to hold the aclImdb TSVs (or imdb.npz) and imdb_word_index.json.
/// </summary>
public class ImdbTests(ImdbFixture data, ITestOutputHelper output) : IClassFixture<ImdbFixture>
{
    // ---- the stored arrays (imdb.npz's content) ----

    [Fact]
    public void StoredArrays_MatchTheReadmeChecksums()
    {
        output.WriteLine($"stored arrays built in {data.StoredLoadTime.TotalSeconds:F2} s");
        Assert.Equal("59f177e8304097e8969d5f38725a715b0915ebe742e9fbe960657aa0dbefd596", Sha256(data.Stored.XTrain));
        Assert.Equal("6c86d25ba843ae018e94c1b2602ebfa03794efb5f38e67995b27ea300924c679", Sha256(data.Stored.XTest));
    }

    [Fact]
    public void StoredArrays_HaveTheReadmeShape()
    {
        ImdbArrays s = data.Stored;
        Assert.Equal(25_000, s.XTrain.Length);
        Assert.Equal(25_000, s.XTest.Length);
        long[] labels = [.. Enumerable.Repeat(1L, 12_500), .. Enumerable.Repeat(0L, 12_500)];
        Assert.Equal(labels, s.YTrain);
        Assert.Equal(labels, s.YTest);

        // train pos/0_9.txt ("Bromwell High is a cartoon comedy...") and test pos/0_10.txt.
        Assert.Equal(138, s.XTrain[0].Length);
        Assert.Equal([23022, 309, 6, 3, 1069, 209, 9, 2175], s.XTrain[0][..8]);
        Assert.Equal(152, s.XTest[0].Length);
        Assert.Equal([10, 432, 2, 216, 11, 17, 233, 311], s.XTest[0][..8]);

        Assert.Equal(5_942_841, s.XTrain.Sum(x => (long)x.Length));
        Assert.Equal(5_745_105, s.XTest.Sum(x => (long)x.Length));
        Assert.Equal(88_584, s.XTrain.Max(x => x.Max()));
        Assert.True(s.XTrain.All(x => x.Min() >= 1) && s.XTest.All(x => x.Min() >= 1));
    }

    // ---- load_data() with its defaults ----

    [Fact]
    public void ShuffledAndShifted_MatchTheReadmeChecksums()
    {
        // The README's load_data() checksums cover its steps 1 and 2 (shuffle; start char and
        // index_from). Keras's num_words step then also turns the largest value into oov_char (see
        // below); a numWords above every value leaves the arrays exactly as after step 2.
        var ((xTrain, yTrain), (xTest, yTest)) = data.Keras(numWords: int.MaxValue);
        Assert.Equal("6e8322f4e13d7199614c63072997bf98c9d5707d423d92e8232bb83c72d6c4f2", Sha256(xTrain));
        Assert.Equal("6e1ae8a9f7e0229939dc69fe1642ab90e37eb8eb9027e2df2823bd35271fe0b4", Sha256([yTrain]));
        Assert.Equal("4f19c3dfcd03f5a2fbc1e50a9a7dbbb070af3aebafa040e3934ecf64d7ceaf8a", Sha256(xTest));
        Assert.Equal("b96fae508eeb106fdf39d5a5cf4e8684288467320ad0dfd6cec8aef2698d8266", Sha256([yTest]));
    }

    [Fact]
    public void Default_HasTheValuesKerasUsersKnow()
    {
        var ((xTrain, yTrain), (xTest, yTest)) = data.Default;
        Assert.Equal(218, xTrain[0].Length);
        Assert.Equal([1, 14, 22, 16, 43, 530, 973, 1622, 1385, 65, 458, 4468], xTrain[0][..12]);
        Assert.Equal(189, xTrain[1].Length);
        Assert.Equal([1L, 0, 0, 1, 0, 0, 1, 0, 1, 0], yTrain[..10]);

        Assert.Equal(68, xTest[0].Length);
        Assert.Equal([1, 591, 202, 14, 31, 6, 717, 10, 10, 18142, 10698, 5], xTest[0][..12]);
        Assert.Equal(260, xTest[1].Length);
        Assert.Equal([0L, 1, 1, 0, 1, 1, 1, 0, 0, 1], yTest[..10]);

        Assert.Equal(238.71, xTrain.Average(x => x.Length), 2);
        Assert.Equal(230.80, xTest.Average(x => x.Length), 2);
        Assert.Equal(2494, xTrain.Max(x => x.Length));
        Assert.Equal(2315, xTest.Max(x => x.Length));
        Assert.Equal(11, xTrain.Min(x => x.Length));
        Assert.Equal(7, xTest.Min(x => x.Length));
        Assert.True(xTrain.All(x => x[0] == 1) && xTest.All(x => x[0] == 1));
    }

    [Fact]
    public void Default_LikeKeras_TurnsTheSingleLargestValueIntoOov()
    {
        // Keras: `if not num_words: num_words = max(...)`, then it keeps `w < num_words` only, so
        // the largest value (88,587: rank 88,584, a word that occurs in train only) becomes
        // oov_char even with the defaults (keras-team/keras#6114 proposed a fix; it was declined
        // to keep indices stable). Everything else is as after the README's steps 1 and 2.
        var (train, test) = data.Default;
        var (fullTrain, fullTest) = data.Keras(numWords: int.MaxValue);
        Assert.Equal(88_587, fullTrain.X.Max(x => x.Max()));
        Assert.Equal(1, fullTrain.X.Sum(x => x.Count(v => v == 88_587)));
        AssertOovReplaced(fullTrain.X, train.X, v => v == 88_587);
        AssertOovReplaced(fullTest.X, test.X, v => v == 88_587);
        Assert.Equal(fullTrain.Y, train.Y);
        Assert.Equal(88_586, Math.Max(train.X.Max(x => x.Max()), test.X.Max(x => x.Max())));
    }

    [Fact]
    public void LoadData_AsInTheBook()
    {
        var ((trainData, trainTargets), (testData, testTargets)) = Imdb.LoadData(numWords: 10000);

        Assert.Equal(DType.Int64, trainTargets.DType);
        Assert.Equal([25_000], trainTargets.Shape.ToArray());
        Assert.Equal(DType.Int64, testTargets.DType);
        Assert.Equal([25_000], testTargets.Shape.ToArray());
        Assert.Equal(data.Default.Train.Y, trainTargets.ToArray<long>());
        Assert.Equal(data.Default.Test.Y, testTargets.ToArray<long>());

        Assert.Equal(9999, trainData.Max(x => x.Max()));
        Assert.True(testData.All(x => x.All(v => v < 10000)));
        AssertOovReplaced(data.Default.Train.X, trainData, v => v >= 10000);
        AssertOovReplaced(data.Default.Test.X, testData, v => v >= 10000);
    }

    // ---- options ----

    [Fact]
    public void SkipTop_ReplacesFrequentWordsAndTheStartMarker()
    {
        var ((xTrain, _), (xTest, _)) = data.Keras(numWords: 5000, skipTop: 20);
        AssertOovReplaced(data.Default.Train.X, xTrain, v => v < 20 || v >= 5000);
        AssertOovReplaced(data.Default.Test.X, xTest, v => v < 20 || v >= 5000);
        Assert.All(xTrain, x => Assert.Equal(2, x[0])); // start_char 1 < skip_top, as in Keras
    }

    [Fact]
    public void MaxLen_DropsSequencesOfMaxLenOrMore()
    {
        var ((xTrain, yTrain), (xTest, yTest)) = data.Keras(maxLen: 100);
        var (defaultTrain, defaultTest) = data.Default;
        int[] keptTrain = [.. Enumerable.Range(0, 25_000).Where(i => defaultTrain.X[i].Length < 100)];
        int[] keptTest = [.. Enumerable.Range(0, 25_000).Where(i => defaultTest.X[i].Length < 100)];
        Assert.Equal(keptTrain.Length, xTrain.Length);
        Assert.Equal(keptTest.Length, xTest.Length);
        Assert.InRange(xTrain.Length, 1000, 24_000);
        Assert.All(xTrain, x => Assert.True(x.Length < 100));
        Assert.Equal(keptTrain.Select(i => defaultTrain.Y[i]), yTrain);
        Assert.Equal(keptTest.Select(i => defaultTest.Y[i]), yTest);
        Assert.Equal(defaultTrain.X[keptTrain[0]], xTrain[0]);
        Assert.Equal(defaultTest.X[keptTest[^1]], xTest[^1]);

        // Keras: a maxlen of 0 (falsy) means no filtering; one too small keeps nothing and fails.
        Assert.Equal(25_000, data.Keras(maxLen: 0).Train.X.Length);
        var e = Assert.Throws<ArgumentException>(() => data.Keras(maxLen: 8));
        Assert.Contains("maxLen=8", e.Message);
    }

    [Fact]
    public void StartCharNullAndIndexFromZero_GiveTheStoredRanksShuffled()
    {
        var ((xTrain, yTrain), (xTest, _)) = data.Keras(numWords: int.MaxValue, startChar: null, indexFrom: 0);
        var rng = new NumpyRandomState(113);
        int[] trainOrder = rng.Permutation(25_000), testOrder = rng.Permutation(25_000);
        Assert.Equal(data.Stored.XTrain[trainOrder[0]], xTrain[0]);
        Assert.Equal(data.Stored.XTrain[trainOrder[^1]], xTrain[^1]);
        Assert.Equal(data.Stored.XTest[testOrder[3]], xTest[3]);
        Assert.Equal(trainOrder.Select(i => data.Stored.YTrain[i]), yTrain);
        Assert.NotSame(data.Stored.XTrain[trainOrder[0]], xTrain[0]); // stored arrays are never handed out

        // index_from only (no start char): every value shifted.
        int[] shifted = data.Keras(numWords: int.MaxValue, startChar: null, indexFrom: 5).Train.X[0];
        Assert.Equal(data.Stored.XTrain[trainOrder[0]].Select(v => v + 5), shifted);
    }

    [Fact]
    public void OovCharNull_DropsTheWordsInstead()
    {
        var ((xTrain, _), _) = data.Keras(numWords: 1000, oovChar: null);
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal(data.Default.Train.X[i].Where(v => v < 1000), xTrain[i]);
        }
    }

    [Fact]
    public void Seed_ChangesTheOrderOnly()
    {
        var (train, _) = data.Keras(seed: 7);
        Assert.NotEqual(data.Default.Train.Y.Take(50), train.Y.Take(50));
        Assert.Equal(12_500, train.Y.Count(y => y == 1));
        Assert.Equal(data.Default.Train.X.Sum(x => (long)x.Length), train.X.Sum(x => (long)x.Length));
        Assert.Throws<ArgumentOutOfRangeException>(() => Imdb.LoadData(seed: -1));
    }

    [Fact]
    public void KerasLoad_LeavesTheStoredArraysUntouched()
    {
        string before = Sha256(data.Stored.XTrain[..100]);
        data.Keras(numWords: 100, skipTop: 50, oovChar: null);
        data.Keras(numWords: 100);
        Assert.Equal(before, Sha256(data.Stored.XTrain[..100]));
    }

    // ---- word index and decoding ----

    [Fact]
    public void GetWordIndex_IsKerasIndex()
    {
        Dictionary<string, int> index = Imdb.GetWordIndex();
        Assert.Equal(88_584, index.Count);
        Assert.Equal(1, index["the"]);
        Assert.Equal(2, index["and"]);
        Assert.Equal(7, index["br"]);
        Assert.Equal(Enumerable.Range(1, 88_584), index.Values.Order());

        index["the"] = 42; // a copy: changing it changes nothing for the next caller
        Assert.Equal(1, Imdb.GetWordIndex()["the"]);
    }

    [Fact]
    public void Decode_AsTheBookDoes()
    {
        string text = Imdb.Decode(data.Default.Train.X[0]);
        Assert.StartsWith("? this film was just brilliant casting location scenery story direction everyone's", text);
        Assert.Equal(218, text.Split(' ').Length);
        Assert.Equal("? ? ? the and", Imdb.Decode([0, 1, 2, 4, 5]));
        Assert.Equal("the and", Imdb.Decode([1, 2], indexFrom: 0));
        Assert.Equal("", Imdb.Decode([]));

        // The stored x_test[0] is test pos/0_10.txt.
        Assert.StartsWith("i went and saw this movie last night", Imdb.Decode(data.Stored.XTest[0], indexFrom: 0));
    }

    [Fact]
    public void Tokenizer_FollowsTheReadmeRules()
    {
        Assert.Equal(
            ["it's", "a", "great", "movie", "br", "br", "'the", "end'", "10", "10", "cliché", "Ábc", "a\u0085b", "x\u00A0y", "u", "s", "a"],
            ImdbTokenizer.Words("It's a GREAT movie!<br /><br />'The End' 10/10\tcliché ÁBC\na\u0085b x\u00A0y U.S.A."));
        Assert.Empty(ImdbTokenizer.Words(" !!! ... \t\n "));
    }

    /// <summary>Each value of <paramref name="actual"/> equals <paramref name="reference"/>'s, or 2 where <paramref name="cut"/> holds.</summary>
    private static void AssertOovReplaced(int[][] reference, int[][] actual, Func<int, bool> cut)
    {
        Assert.Equal(reference.Length, actual.Length);
        for (int i = 0; i < reference.Length; i++)
        {
            int[] expected = [.. reference[i].Select(v => cut(v) ? 2 : v)];
            if (!expected.AsSpan().SequenceEqual(actual[i])) Assert.Fail($"sequence {i} differs");
        }
    }

    /// <summary>The README's checksum: each sequence one line of space-separated decimals ended by LF.</summary>
    internal static string Sha256<T>(IEnumerable<T[]> sequences) where T : struct, IUtf8SpanFormattable
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        int used = 0;
        foreach (T[] sequence in sequences)
        {
            for (int i = 0; i < sequence.Length; i++)
            {
                if (used > buffer.Length - 32)
                {
                    hash.AppendData(buffer, 0, used);
                    used = 0;
                }
                if (i > 0) buffer[used++] = (byte)' ';
                sequence[i].TryFormat(buffer.AsSpan(used), out int written, default, null);
                used += written;
            }
            if (used > buffer.Length - 32)
            {
                hash.AppendData(buffer, 0, used);
                used = 0;
            }
            buffer[used++] = (byte)'\n';
        }
        hash.AppendData(buffer, 0, used);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
