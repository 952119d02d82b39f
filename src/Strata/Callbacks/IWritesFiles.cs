namespace Strata.Callbacks;

/// <summary>A callback that writes files (checkpoints, logs): in data-parallel training only rank 0 runs it.</summary>
internal interface IWritesFiles;
