namespace Dynasor.Replay;

/// <summary>What one sample order of a replay added up to: the tokens SC@cap would have drawn on the same order, and
/// per question (in trace order) whether its majority was right and the samples and tokens it drew. The totals are
/// derived from the per-question arrays, so pooling parts of a trace only has to concatenate them.</summary>
internal readonly record struct RepeatTotals(long CapTokens, bool[] Correctness, int[] QuestionSamples, long[] QuestionTokens)
{
    public int Correct => Correctness.Count(c => c);

    public long Samples => QuestionSamples.Sum(s => (long)s);

    public long Tokens => QuestionTokens.Sum();
}
