namespace Strata.Optimizers;

/// <summary>
/// What an optimizer's update in a traced step does, for a device that runs it itself: this optimizer updates these
/// variables, in order, each from the step's gradient at the same position.
/// </summary>
internal sealed record OptimizerStep(Optimizer Optimizer, IReadOnlyList<Variable> Variables);
