using Dynasor.Traces;

namespace Dynasor.Search;

/// <summary>What <see cref="SearchEvaluator.RunAsync"/> measured.</summary>
/// <param name="Rows">Even rows by cap ascending, then the policies in the order given.</param>
/// <param name="Trace">With <see cref="SearchEvalOptions.RecordTrace"/> (MCTS): each question's iterations of the run to the largest
/// cap, in search order, as trace samples (answer, tokens, correct, reward); null otherwise. The order is the search's: a
/// policy over it must take samples in order, never shuffled.</param>
public sealed record SearchEvaluation(IReadOnlyList<SearchEvalRow> Rows, IReadOnlyList<TraceQuestion>? Trace);
