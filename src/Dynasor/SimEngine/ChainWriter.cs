using System.Globalization;
using Dynasor.Synthesis;

namespace Dynasor.SimEngine;

/// <summary>
/// Writes one sample's chain in the style of DeepSeek-R1: the opening that spells the variant, working
/// paragraphs whose tentative answers wander over the distractors (with doubts and hedges), the settle statement
/// of the final answer at a drawn share of the length, long re-checking, then <c>&lt;/think&gt;</c> and a short answer
/// with <c>\boxed{}</c>. The sample's final answer is the gold with the question's per-sample accuracy.
/// </summary>
internal sealed class ChainWriter
{
    // Room left for the settle statement and for the closing answer, in tokens.
    private const int SettleRoom = 12;
    private const int CloseRoom = 30;

    private readonly List<string> _tokens = new(2048);
    private readonly List<int> _markEnds = [];
    private readonly List<string> _markAnswers = [];
    private readonly Random _rng;
    private bool _lineStart;
    private bool _lower;

    private ChainWriter(Random rng) => _rng = rng;

    /// <summary>Writes the chain of variant <paramref name="variant"/> of <paramref name="question"/>.</summary>
    public static ReasoningChain Write(SimQuestion question, int variant, SimEngineOptions options)
    {
        var hash = StableHash.Mix(question.Hash, (ulong)variant);
        var writer = new ChainWriter(StableHash.Random(hash));
        return writer.Run(question, variant, hash, options);
    }

    private ReasoningChain Run(SimQuestion question, int variant, ulong hash, SimEngineOptions o)
    {
        var q = question.Model;
        var (final, correct) = q.DrawAnswer(_rng);
        var logLength = Math.Log(o.ChainTokenMedian) + o.ChainDifficultyGrowth * q.Difficulty
            + o.ChainQuestionSpread * question.LengthDeviation + o.ChainSampleSpread * SyntheticQuestion.Gaussian(_rng)
            + (correct ? 0.0 : Math.Log(o.WrongChainFactor));
        var length = Math.Clamp(Math.Exp(logLength), 120.0, 200_000.0);
        var logit = Math.Log(o.SettleMedian / (1 - o.SettleMedian)) + o.SettleSpread * SyntheticQuestion.Gaussian(_rng);
        var settleTarget = length * Math.Clamp(1.0 / (1.0 + Math.Exp(-logit)), 0.03, 0.97);

        Append(ChainOpening.Text(variant));
        _lineStart = true;
        string? previous = null;
        for (var first = true; _tokens.Count + SettleRoom < settleTarget; first = false)
        {
            Paragraph(first, o.HedgeBeforeSettle, ChainPhrases.Work, () => _tokens.Count + SettleRoom >= settleTarget);
            // A tentative answer with its doubt takes about 20 tokens; none when it would overrun the settle point.
            if (_rng.NextDouble() < o.TentativeRate && _tokens.Count + SettleRoom + 20 < settleTarget)
            {
                previous = Wander(q, final, previous, o.TentativeFinalRate);
                State(ChainPhrases.Tentative, previous);
                if (_rng.NextDouble() < 0.75)
                {
                    Sentence(Pick(ChainPhrases.Doubt));
                }
            }
        }

        if (_tokens.Count > ChainOpeningTokens(variant))
        {
            Append("\n\n");
            _lineStart = true;
        }

        State(ChainPhrases.Settle, final);
        var settleEnd = SettleEnd(final);
        while (_tokens.Count + CloseRoom < length)
        {
            Paragraph(false, o.HedgeAfterSettle, ChainPhrases.Check, () => false);
            if (_rng.NextDouble() < 0.3)
            {
                State(ChainPhrases.Affirm, final);
            }
        }

        Append("\n</think>\n\nThe answer is");
        Answer(" " + final);
        Append(".\n\n**Final Answer**\n\\[ \\boxed{");
        Answer(final);
        Append("} \\]");
        return new ReasoningChain(_tokens.ToArray(), _markEnds.ToArray(), _markAnswers.ToArray(), settleEnd, final, correct, hash);
    }

    // The end of the first tentative answer from which on every answer stated is the final one.
    private int SettleEnd(string final)
    {
        var first = _markAnswers.Count - 1;
        while (first > 0 && _markAnswers[first - 1] == final)
        {
            first--;
        }

        return _markEnds[first];
    }

    private static int ChainOpeningTokens(int variant) => SimTokenizer.Count(ChainOpening.Text(variant));

    private void Paragraph(bool first, double hedgeRate, (string Format, bool Product)[] phrases, Func<bool> full)
    {
        if (!first)
        {
            Append("\n\n");
            _lineStart = true;
        }

        if (_rng.NextDouble() < hedgeRate)
        {
            Sentence(Pick(ChainPhrases.Hedge));
            _lower = true;
        }

        var sentences = _rng.Next(2, 5);
        for (var s = 0; s < sentences && !full(); s++)
        {
            var (format, product) = phrases[_rng.Next(phrases.Length)];
            var a = _rng.Next(2, 50);
            var b = _rng.Next(2, 20);
            Sentence(string.Format(CultureInfo.InvariantCulture, format, a, b, product ? a * b : a + b));
        }
    }

    // A tentative answer different from the last one: sometimes the final answer (found, then doubted), else another.
    private string Wander(SyntheticQuestion q, string final, string? previous, double finalRate)
    {
        if (final != previous && _rng.NextDouble() < finalRate)
        {
            return final;
        }

        for (var attempt = 0; attempt < 8; attempt++)
        {
            var candidate = _rng.NextDouble() < 0.5 ? q.Gold : q.DrawDistractor(_rng);
            if (candidate != final && candidate != previous)
            {
                return candidate;
            }
        }

        return q.Gold != final ? q.Gold : q.Distractors[0];
    }

    private void State((string Before, string After)[] forms, string answer)
    {
        var (before, after) = Pick(forms);
        Sentence(before);
        Answer(" " + answer);
        Append(after);
    }

    private void Answer(string text)
    {
        Append(text);
        _markEnds.Add(_tokens.Count);
        _markAnswers.Add(text.Trim());
    }

    private void Sentence(string text)
    {
        if (_lineStart)
        {
            text = text.TrimStart(' ');
        }

        // After a hedge opener ("Wait,") the sentence goes on in lower case, except "I".
        if (_lower && text.Length > 2 && char.IsUpper(text[1]) && char.IsLetter(text[2]))
        {
            text = string.Concat(" ", char.ToLowerInvariant(text[1]).ToString(), text.AsSpan(2));
        }

        _lower = false;
        Append(text);
    }

    private void Append(string text)
    {
        SimTokenizer.Append(text, _tokens);
        _lineStart = text.EndsWith('\n');
    }

    private T Pick<T>(T[] items) => items[_rng.Next(items.Length)];
}
