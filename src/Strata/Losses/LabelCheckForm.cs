namespace Strata.Losses;

/// <summary>What a sparse loss's label check tests, for a device that runs it itself: every label in [0, classes) or the ignored class.</summary>
internal sealed record LabelCheckForm(int Classes, int? IgnoreClass);
