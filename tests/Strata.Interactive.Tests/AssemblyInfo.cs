// The history charts go through ScottPlot, whose process-wide font caches are not documented as thread-safe
// (see Strata.Plotting.Tests): one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
