namespace Dynasor.Server.Tests.EngineFakes.Model;

/// <summary>Log-probabilities from a row of raw logits (log-softmax at temperature 1).</summary>
internal static class Logprobs
{
    public static (double Logprob, IReadOnlyList<TokenLogprob> Top) Of(float[] logits, int id, int topCount)
    {
        var max = logits.Where(float.IsFinite).Max();
        var logSum = Math.Log(logits.Sum(l => float.IsFinite(l) ? Math.Exp(l - max) : 0)) + max;
        double LogprobOf(int i) => float.IsFinite(logits[i]) ? logits[i] - logSum : double.NegativeInfinity;
        if (topCount <= 0)
            return (LogprobOf(id), []);
        var top = Enumerable.Range(0, logits.Length)
            .OrderByDescending(i => logits[i]).ThenBy(i => i)
            .Take(topCount)
            .Select(i => new TokenLogprob(i, LogprobOf(i)))
            .ToArray();
        return (LogprobOf(id), top);
    }
}
