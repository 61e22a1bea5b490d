namespace Dynasor.Replay;

/// <summary>What one sample order of a replay added up to: questions right, samples and tokens drawn, the tokens SC@cap
/// would have drawn on the same order, and per question (in trace order) whether its majority was right and what it drew.</summary>
internal readonly record struct RepeatTotals(int Correct, long Samples, long Tokens, long CapTokens, bool[] Correctness, int[] QuestionSamples, long[] QuestionTokens);
