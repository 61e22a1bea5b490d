using Dynasor.Traces;

namespace Dynasor.Cot;

/// <summary>One recorded chain of a <see cref="CotTrace"/>.</summary>
/// <param name="Id">The question's id, with <c>/i</c> appended when the question has several chains.</param>
/// <param name="Target">The question's gold answer, or null when unlabelled (recorded traffic).</param>
/// <param name="Sample">The sample, its <see cref="TraceSample.Chain"/> set.</param>
public sealed record CotChainRecord(string Id, string? Target, TraceSample Sample);
