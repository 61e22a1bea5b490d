namespace Dynasor.Replay;

/// <summary>What one sample order of a replay added up to, per question (in trace order): the tokens SC@cap would have
/// drawn on the same order, whether its majority was right, and the samples and tokens it drew. The totals are derived
/// from the per-question arrays, so pooling parts of a trace only has to concatenate them, and slicing to select.</summary>
internal readonly record struct RepeatTotals(long[] QuestionCapTokens, bool[] Correctness, int[] QuestionSamples, long[] QuestionTokens)
{
    public long CapTokens => QuestionCapTokens.Sum();

    public int Correct => Correctness.Count(c => c);

    public long Samples => QuestionSamples.Sum(s => (long)s);

    public long Tokens => QuestionTokens.Sum();

    /// <summary>The totals of some of the questions, in the order given.</summary>
    public RepeatTotals Slice(IReadOnlyList<int> indices)
    {
        var (cap, correctness, samples, tokens) = (QuestionCapTokens, Correctness, QuestionSamples, QuestionTokens);
        return new(
            indices.Select(i => cap[i]).ToArray(),
            indices.Select(i => correctness[i]).ToArray(),
            indices.Select(i => samples[i]).ToArray(),
            indices.Select(i => tokens[i]).ToArray());
    }
}
