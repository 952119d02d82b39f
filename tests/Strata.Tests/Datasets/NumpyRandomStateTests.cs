using Strata.Datasets;

namespace Strata.Tests.Datasets;

public class NumpyRandomStateTests
{
    [Fact]
    public void MatchesTheMersenneTwisterReference()
    {
        // The reference MT19937 (init_genrand(5489)) starts 3499211612, 581869302, 3890346734.
        var rng = new NumpyRandomState(5489);
        Assert.Equal(new uint[] { 3499211612, 581869302, 3890346734 }, new[] { rng.NextUInt32(), rng.NextUInt32(), rng.NextUInt32() });
    }

    [Fact]
    public void ShufflesAsKerasImdbDoesWithSeed113()
    {
        // From the datasets README: RandomState(113).shuffle(arange(25000)) twice, continuing.
        var rng = new NumpyRandomState(113);
        Assert.Equal(new[] { 7798, 13226, 18078, 793, 17499 }, rng.Permutation(25_000)[..5]);
        Assert.Equal(new[] { 22748, 4083, 8015, 13688, 5310 }, rng.Permutation(25_000)[..5]);
    }
}
