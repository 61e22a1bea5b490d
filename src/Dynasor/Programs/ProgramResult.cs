using Dynasor.Certainty;

namespace Dynasor.Programs;

/// <summary>What a finished self-consistency program returns.</summary>
/// <param name="AnswerKey">The majority answer's equivalence key, or null when no sample gave an answer.</param>
/// <param name="Answer">The majority answer as the first sample that gave it wrote it.</param>
/// <param name="Text">The full text of that sample (empty when the engine gave no text).</param>
/// <param name="Samples">Samples drawn, discarded ones included.</param>
/// <param name="Tokens">Output tokens of every sample drawn.</param>
/// <param name="Certaindex">Entropy certaindex of the final vote.</param>
/// <param name="Votes">The final vote.</param>
public sealed record ProgramResult(
    string? AnswerKey,
    string? Answer,
    string Text,
    int Samples,
    long Tokens,
    double Certaindex,
    VoteTally Votes);
