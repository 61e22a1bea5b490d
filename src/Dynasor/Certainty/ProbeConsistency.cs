using Dynasor.Answers;

namespace Dynasor.Certainty;

/// <summary>
/// Probe-consistency certaindex of Dynasor-CoT: the chain is settled when the last <c>window</c> probe answers are
/// equal under answer normalisation, all non-empty, and none of those probe outputs hedges (whole-word match).
/// Not thread-safe: one chain owns one instance.
/// </summary>
public sealed class ProbeConsistency
{
    private readonly int _window;
    private readonly IReadOnlyList<string> _hedges;
    private readonly List<(string Answer, string Key, bool Hedged)> _probes = [];

    /// <param name="window">k, the number of most recent probes that must agree; at least 1.</param>
    /// <param name="hedges">Words that make a probe untrustworthy; <see cref="HedgeWords.Default"/> when null.</param>
    public ProbeConsistency(int window, IReadOnlyList<string>? hedges = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        _window = window;
        _hedges = hedges ?? HedgeWords.Default;
    }

    /// <summary>Probes recorded so far.</summary>
    public int Probes => _probes.Count;

    /// <summary>The most recent probe's answer as the model wrote it, or null before the first probe.</summary>
    public string? LatestAnswer => _probes.Count == 0 ? null : _probes[^1].Answer;

    /// <summary>
    /// Records a probe's raw output: the text generated after the probe prompt, which ends inside <c>\boxed{</c>.
    /// The answer is the text before the first unmatched <c>}</c>.
    /// </summary>
    public void Add(string probeOutput)
    {
        var answer = AnswerBeforeUnmatchedBrace(probeOutput).Trim();
        _probes.Add((answer, AnswerKey.Of(answer), HedgeWords.Contains(probeOutput, _hedges)));
    }

    /// <summary>True when the last k probes agree, are non-empty and do not hedge.</summary>
    public bool IsSettled
    {
        get
        {
            if (_probes.Count < _window)
                return false;
            var key = _probes[^1].Key;
            for (var i = _probes.Count - _window; i < _probes.Count; i++)
            {
                var (_, k, hedged) = _probes[i];
                if (hedged || k.Length == 0 || !string.Equals(k, key, StringComparison.Ordinal))
                    return false;
            }
            return true;
        }
    }

    /// <summary>
    /// Certaindex in [0, 1]: the fraction of the last k probes (fewer at the start, counted against k) that are
    /// non-empty, unhedged and agree with the latest one. 1 exactly when <see cref="IsSettled"/>.
    /// </summary>
    public double Certaindex
    {
        get
        {
            if (_probes.Count == 0)
                return 0;
            var key = _probes[^1].Key;
            var agreeing = 0;
            for (var i = Math.Max(0, _probes.Count - _window); i < _probes.Count; i++)
            {
                var (_, k, hedged) = _probes[i];
                if (!hedged && k.Length > 0 && string.Equals(k, key, StringComparison.Ordinal))
                    agreeing++;
            }
            return (double)agreeing / _window;
        }
    }

    /// <summary>The text before the first <c>}</c> that closes nothing opened in the text. Linear time.</summary>
    public static string AnswerBeforeUnmatchedBrace(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '{')
                depth++;
            else if (text[i] == '}')
            {
                if (depth == 0)
                    return text[..i];
                depth--;
            }
        }
        return text;
    }
}
