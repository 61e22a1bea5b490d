namespace Dynasor.SimEngine;

/// <summary>
/// One sample's full output, fixed by (engine seed, question, variant): the tokens, where each tentative answer
/// was stated, and the settle point after which the current answer no longer changes. Immutable; shared by
/// every request that continues or probes it.
/// </summary>
internal sealed class ReasoningChain
{
    private readonly int[] _offsets;
    private readonly int[] _markEnds;
    private readonly string[] _markAnswers;

    public ReasoningChain(string[] tokens, int[] markEnds, string[] markAnswers, int settleEnd, string finalAnswer, bool correct, ulong hash)
    {
        Tokens = tokens;
        _markEnds = markEnds;
        _markAnswers = markAnswers;
        SettleEnd = settleEnd;
        FinalAnswer = finalAnswer;
        Correct = correct;
        Hash = hash;
        _offsets = new int[tokens.Length + 1];
        for (var i = 0; i < tokens.Length; i++)
        {
            _offsets[i + 1] = _offsets[i] + tokens[i].Length;
        }

        Text = string.Concat(tokens);
    }

    /// <summary>The tokens, in order; their concatenation is <see cref="Text"/>.</summary>
    public string[] Tokens { get; }

    /// <summary>The whole output.</summary>
    public string Text { get; }

    /// <summary>Tokens up to and including the one that states the final answer for good.</summary>
    public int SettleEnd { get; }

    /// <summary>The answer the chain ends with (in its <c>\boxed{}</c>).</summary>
    public string FinalAnswer { get; }

    /// <summary>Whether <see cref="FinalAnswer"/> is the question's gold answer.</summary>
    public bool Correct { get; }

    /// <summary>Identifies the chain (question, variant) for seeding probe randomness.</summary>
    public ulong Hash { get; }

    /// <summary>Number of tentative-answer statements, the settle statement included.</summary>
    public int AnswerCount => _markEnds.Length;

    /// <summary>The current answer after the first <paramref name="tokens"/> tokens, or null before the first tentative answer.</summary>
    public string? AnswerAfter(int tokens)
    {
        // Marks are few (tens), so a linear scan is cheaper than it looks.
        string? answer = null;
        for (var k = 0; k < _markEnds.Length && _markEnds[k] <= tokens; k++)
        {
            answer = _markAnswers[k];
        }

        return answer;
    }

    /// <summary>Character offset where token <paramref name="index"/> starts (or the text length at the end).</summary>
    public int OffsetOf(int index) => _offsets[index];

    /// <summary>Number of whole tokens inside the first <paramref name="chars"/> characters of <see cref="Text"/>.</summary>
    public int TokensWithin(int chars)
    {
        var i = Array.BinarySearch(_offsets, chars);
        return i >= 0 ? i : ~i - 1;
    }
}
