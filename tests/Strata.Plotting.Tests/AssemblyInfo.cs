// ScottPlot keeps process-wide font caches that it does not document as thread-safe; one test at a
// time (41 tests, about two seconds) keeps a rare race from ever reading as a flaky failure.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
