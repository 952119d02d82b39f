// Tests share the process-wide random generator (Strata.Random.SetSeed), as user programs do:
// running them one at a time keeps every seeded test reproducible.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
