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
    /// <summary>DistServe's fit for OPT-13B on one A100 (paper, Section 4, profiling), the reference profile.</summary>
    public static IterationCostModel Opt13BA100 { get; } = new(
        "opt-13b-a100", 16.46, 0.0926, 6.5e-6, 19.93, 6.27e-4, 0.0385,
        "DistServe (OSDI 2024) OPT-13B, 1xA100 fit");

    /// <summary>Milliseconds for a prefill iteration over prompts whose lengths sum to <paramref name="sumLength"/> and whose squares sum to <paramref name="sumSquaredLength"/>.</summary>
    public double PrefillMs(double sumLength, double sumSquaredLength) =>
        PrefillA + PrefillB * sumLength + PrefillC * sumSquaredLength;

    /// <summary>Milliseconds for a decode iteration of <paramref name="batch"/> sequences holding <paramref name="sumContext"/> tokens of context in all.</summary>
    public double DecodeMs(double sumContext, int batch) =>
        batch <= 0 ? 0 : DecodeA + DecodeB * sumContext + DecodeC * batch;
}
