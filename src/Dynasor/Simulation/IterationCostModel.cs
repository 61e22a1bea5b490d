namespace Dynasor.Simulation;

/// <summary>
/// The time one engine iteration takes, in the style of DistServe (Zhong et al., OSDI 2024): a prefill iteration
/// costs <c>a + b·Σl + c·Σl²</c> ms over the prompt lengths <c>l</c> it prefills (attention is quadratic in
/// length), a decode iteration costs <c>a + b·Σcontext + c·batch</c> ms over the sequences it decodes one token each.
/// Both the simulated HTTP engine and the discrete-event simulator time their iterations with it.
/// </summary>
/// <param name="Name">A profile name users pass on the command line.</param>
/// <param name="PrefillA">Fixed prefill cost per iteration, ms.</param>
/// <param name="PrefillB">Prefill cost per prompt token, ms.</param>
/// <param name="PrefillC">Prefill cost per squared prompt token, ms.</param>
/// <param name="DecodeA">Fixed decode cost per iteration, ms.</param>
/// <param name="DecodeB">Decode cost per token of context held by the batch, ms.</param>
/// <param name="DecodeC">Decode cost per sequence in the batch, ms.</param>
/// <param name="Source">Where the coefficients come from.</param>
public sealed record IterationCostModel(
    string Name,
    double PrefillA, double PrefillB, double PrefillC,
    double DecodeA, double DecodeB, double DecodeC,
    string Source)
{
    /// <summary>DistServe's fit for OPT-13B on one A100 (paper, Section 4, profiling), the issue's reference profile.</summary>
    public static IterationCostModel Opt13BA100 { get; } = new(
        "opt-13b-a100", 16.46, 0.0926, 6.5e-6, 19.93, 6.27e-4, 0.0385,
        "DistServe (OSDI 2024) OPT-13B, 1xA100 fit");

    /// <summary>Profiles users can name with <c>--profile</c>; each states its source.</summary>
    public static IReadOnlyList<IterationCostModel> Profiles { get; } = [Opt13BA100];

    /// <summary>The profile called <paramref name="name"/>; throws <see cref="ArgumentException"/> listing the known names.</summary>
    public static IterationCostModel Profile(string name) =>
        Profiles.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown profile '{name}'; known profiles: {string.Join(", ", Profiles.Select(p => p.Name))} (or fit one with --fit FILE)");

    /// <summary>Milliseconds for a prefill iteration over prompts whose lengths sum to <paramref name="sumLength"/> and whose squares sum to <paramref name="sumSquaredLength"/>.</summary>
    public double PrefillMs(double sumLength, double sumSquaredLength) =>
        PrefillA + PrefillB * sumLength + PrefillC * sumSquaredLength;

    /// <summary>Milliseconds for a decode iteration of <paramref name="batch"/> sequences holding <paramref name="sumContext"/> tokens of context in all.</summary>
    public double DecodeMs(double sumContext, int batch) =>
        batch <= 0 ? 0 : DecodeA + DecodeB * sumContext + DecodeC * batch;

    /// <summary>
    /// Milliseconds for an iteration that prefills a chunk (prompt pieces summing to <paramref name="sumLength"/>)
    /// while <paramref name="batch"/> sequences decode one token each (chunked prefill, as in vLLM and Sarathi):
    /// the prefill cost, whose fixed part covers the iteration, plus the decode batch's per-context and
    /// per-sequence cost. Without prefill it is <see cref="DecodeMs"/>.
    /// </summary>
    public double MixedMs(double sumLength, double sumSquaredLength, double sumContext, int batch)
    {
        if (sumLength <= 0)
            return DecodeMs(sumContext, batch);
        return PrefillMs(sumLength, sumSquaredLength) + (batch > 0 ? DecodeB * sumContext + DecodeC * batch : 0);
    }

    /// <summary>
    /// Milliseconds for <paramref name="steps"/> decode iterations of a fixed batch whose context starts at
    /// <paramref name="sumContext"/> and grows by <paramref name="batch"/> tokens per iteration: the sum of
    /// <see cref="DecodeMs"/> over the span, in closed form, so the simulator can jump over iterations.
    /// </summary>
    public double DecodeSpanMs(double sumContext, int batch, long steps)
    {
        if (batch <= 0 || steps <= 0)
            return 0;
        double k = steps;
        return k * (DecodeA + DecodeB * sumContext + DecodeC * batch) + DecodeB * batch * k * (k - 1) / 2;
    }

    /// <summary>
    /// The fewest decode iterations (at least 1) of a fixed batch that take at least <paramref name="ms"/>
    /// milliseconds: the inverse of <see cref="DecodeSpanMs"/>.
    /// </summary>
    public long DecodeStepsFor(double ms, double sumContext, int batch)
    {
        if (batch <= 0 || !(ms > 0))
            return 1;
        var quadratic = DecodeB * batch / 2;
        var linear = DecodeA + DecodeB * sumContext + DecodeC * batch - quadratic;
        var k = quadratic > 0
            ? (-linear + Math.Sqrt(linear * linear + 4 * quadratic * ms)) / (2 * quadratic)
            : ms / linear;
        var steps = (long)Math.Max(1, Math.Ceiling(Math.Min(k, long.MaxValue / 4.0)));
        // The closed form can land one short by rounding; step up until the span really covers ms.
        while (DecodeSpanMs(sumContext, batch, steps) < ms)
            steps++;
        return steps;
    }
}
