using System.Text;

namespace Dynasor.SimEngine;

/// <summary>Cuts a planned output before the earliest stop sequence, as vLLM does (the stop text itself is not returned).</summary>
internal static class StopSequences
{
    /// <summary>The plan cut before the first occurrence of any of <paramref name="stops"/>, finishing <c>stop</c>; unchanged when none occurs.</summary>
    public static ContinuationPlan Apply(ContinuationPlan plan, IReadOnlyList<string>? stops)
    {
        if (stops is null || stops.Count == 0)
        {
            return plan;
        }

        var text = new StringBuilder();
        foreach (var token in plan.Tokens)
        {
            text.Append(token);
        }

        var whole = text.ToString();
        var cut = -1;
        foreach (var stop in stops)
        {
            if (string.IsNullOrEmpty(stop))
            {
                continue;
            }

            var at = whole.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (cut < 0 || at < cut))
            {
                cut = at;
            }
        }

        if (cut < 0)
        {
            return plan;
        }

        var kept = new List<string>();
        var offset = 0;
        foreach (var token in plan.Tokens)
        {
            if (offset + token.Length <= cut)
            {
                kept.Add(token);
            }
            else
            {
                if (offset < cut)
                {
                    kept.Add(token[..(cut - offset)]);
                }

                break;
            }

            offset += token.Length;
        }

        return new ContinuationPlan(kept.ToArray(), "stop");
    }
}
