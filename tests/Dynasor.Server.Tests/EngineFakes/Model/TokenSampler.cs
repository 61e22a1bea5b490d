namespace Dynasor.Server.Tests.EngineFakes.Model;

/// <summary>Picks the next token from a row of logits by the rules of <see cref="SamplingSettings"/>.</summary>
internal sealed class TokenSampler(SamplingSettings settings, int choiceIndex)
{
    // Each choice of an n>1 request gets its own stream, so sampled choices differ but stay reproducible.
    private readonly Random _random = new(unchecked((int)(settings.Seed ?? 0) + choiceIndex));

    public int Next(ReadOnlySpan<float> logits)
    {
        if (settings.Temperature <= 0)
            return ArgMax(logits);
        var order = Enumerable.Range(0, logits.Length).ToArray();
        var values = logits.ToArray();
        Array.Sort(order, (a, b) => values[b] != values[a] ? values[b].CompareTo(values[a]) : a.CompareTo(b));
        var keep = settings.TopK > 0 ? Math.Min(settings.TopK, order.Length) : order.Length;
        var max = values[order[0]];
        var weights = new double[keep];
        double sum = 0;
        for (var i = 0; i < keep; i++)
            sum += weights[i] = Math.Exp((values[order[i]] - max) / settings.Temperature);
        double cumulative = 0;
        for (var i = 0; i < keep; i++)
        {
            var p = weights[i] / sum;
            var pastTopP = cumulative >= settings.TopP && i > 0;
            var belowMinP = p < settings.MinP * (weights[0] / sum) && i > 0;
            if (pastTopP || belowMinP)
            {
                keep = i;
                break;
            }
            cumulative += p;
        }
        var total = weights.Take(keep).Sum();
        var draw = _random.NextDouble() * total;
        for (var i = 0; i < keep; i++)
            if ((draw -= weights[i]) < 0)
                return order[i];
        return order[keep - 1];
    }

    public static int ArgMax(ReadOnlySpan<float> logits)
    {
        var best = 0;
        for (var i = 1; i < logits.Length; i++)
            if (logits[i] > logits[best])
                best = i;
        return best;
    }
}
