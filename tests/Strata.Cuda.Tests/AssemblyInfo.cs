// Engine.Device is process-wide, and the tests that set it would move the others' CPU references to the GPU
// path: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
