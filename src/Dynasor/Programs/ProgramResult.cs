using Dynasor.Certainty;

namespace Dynasor.Programs;

/// <summary>What a finished self-consistency (or best-of-N) program returns.</summary>
/// <param name="AnswerKey">The answer's equivalence key (under the program's rule), or null when no sample gave an answer.</param>
/// <param name="Answer">The answer as the first sample that gave it wrote it.</param>
/// <param name="Text">The full text of that sample (empty when the engine gave no text).</param>
/// <param name="Samples">Samples drawn, discarded ones included.</param>
/// <param name="Tokens">Output tokens of every sample drawn.</param>
/// <param name="Certaindex">The program's certaindex (its measure) at the end.</param>
/// <param name="Votes">The final vote.</param>
public sealed record ProgramResult(
    string? AnswerKey,
    string? Answer,
    string Text,
    int Samples,
    long Tokens,
    double Certaindex,
    VoteTally Votes);
