using System.Globalization;
using Dynasor.Simulation;
using Dynasor.Synthesis;

namespace Dynasor.SimEngine;

/// <summary>
/// Settings of <see cref="SimulatedEngine"/>: immutable; the engine validates them once in its constructor.
/// The chain model is described in <c>src/Dynasor/SimEngine/README.md</c>.
/// </summary>
public sealed record SimEngineOptions
{
    /// <summary>Seed of the engine: with the question text it fixes every question's difficulty, gold and distractors. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Iteration timing of the engine loop. Default DistServe's OPT-13B on one A100.</summary>
    public IterationCostModel CostModel { get; init; } = IterationCostModel.Opt13BA100;

    /// <summary>Most sequences decoding at once, at least 1; more requests wait first in, first out. Default 256.</summary>
    public int MaxBatch { get; init; } = 256;

    /// <summary>Multiplies every iteration time, &gt;= 0; 0 means no waiting at all (tests, benchmarks). Default 1.</summary>
    public double TimeScale { get; init; } = 1.0;

    /// <summary>The model name the engine reports. Default "dynasor-sim".</summary>
    public string ModelName { get; init; } = "dynasor-sim";

    /// <summary>
    /// The question model: zone mix, accuracies and distractors (its token and trace-shape fields are not used).
    /// Default <see cref="SynthOptions"/>' GSM8K fit, so self-consistency votes like the synthetic traces.
    /// </summary>
    public SynthOptions Questions { get; init; } = new();

    /// <summary>Median chain length in tokens of a right sample on a difficulty-0 question, &gt;= 50. Default 1000 (about 20 s alone at TimeScale 1).</summary>
    public double ChainTokenMedian { get; init; } = 1000;

    /// <summary>Natural-log growth of the median chain length from difficulty 0 to 1, &gt;= 0. Default 0.8.</summary>
    public double ChainDifficultyGrowth { get; init; } = 0.8;

    /// <summary>Standard deviation of a question's log chain length around the trend, &gt;= 0. Default 0.3.</summary>
    public double ChainQuestionSpread { get; init; } = 0.3;

    /// <summary>Standard deviation of a sample's log chain length around its question's median, &gt;= 0. Default 0.3.</summary>
    public double ChainSampleSpread { get; init; } = 0.3;

    /// <summary>Length multiplier of a chain that ends wrong, &gt; 0 (reasoning models ramble when lost). Default 1.3.</summary>
    public double WrongChainFactor { get; init; } = 1.3;

    /// <summary>
    /// Median share of the chain, in (0, 1), at which it states its final answer for good. Default 0.325, which
    /// puts the median settle point (from which the current answer no longer changes; sometimes an earlier, doubted
    /// statement of the same answer) at 0.31 of the chain, as on AMC23 with a DeepSeek-R1 distill (~830 of ~2.7K tokens).
    /// </summary>
    public double SettleMedian { get; init; } = 0.325;

    /// <summary>Spread of the settle share in logit units, &gt;= 0. Default 0.9.</summary>
    public double SettleSpread { get; init; } = 0.9;

    /// <summary>Chance, in [0, 1], that a paragraph before the settle point opens with a hedge ("Wait,", "Hmm,"). Default 0.35.</summary>
    public double HedgeBeforeSettle { get; init; } = 0.35;

    /// <summary>Chance, in [0, 1], that a paragraph after the settle point opens with a hedge. Default 0.08.</summary>
    public double HedgeAfterSettle { get; init; } = 0.08;

    /// <summary>Chance, in [0, 1], that a paragraph before the settle point ends with a tentative answer. Default 0.45.</summary>
    public double TentativeRate { get; init; } = 0.45;

    /// <summary>
    /// Chance, in [0, 1], that a tentative answer before the settle point is the final answer, found and then doubted
    /// (the chain settles only when it states the final answer for good). Default 0.25.
    /// </summary>
    public double TentativeFinalRate { get; init; } = 0.25;

    /// <summary>Chance, in [0, 1], that a probe before the settle point hedges after its answer. Default 0.8.</summary>
    public double ProbeHedgeBeforeSettle { get; init; } = 0.8;

    /// <summary>
    /// Chance, in [0, 1], that a probe after the settle point hedges after its answer. Default 0.2: R1-style models
    /// keep saying "wait" while they re-check an answer they already have, which is what keeps Dynasor-CoT's
    /// conservative presets from exiting right at the settle point.
    /// </summary>
    public double ProbeHedgeAfterSettle { get; init; } = 0.2;

    /// <summary>Chance, in [0, 1], that a probe before any tentative answer guesses rather than answering empty. Default 0.5.</summary>
    public double ProbeGuessRate { get; init; } = 0.5;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it, its value and the fix.</exception>
    public void Validate()
    {
        if (CostModel is null)
        {
            throw Bad(nameof(CostModel), null, "must be set; use IterationCostModel.Opt13BA100");
        }

        if (MaxBatch < 1)
        {
            throw Bad(nameof(MaxBatch), MaxBatch, "must be at least 1 (sequences decoding at once)");
        }

        if (!(TimeScale >= 0 && double.IsFinite(TimeScale)))
        {
            throw Bad(nameof(TimeScale), TimeScale, "must be a finite number, 0 or more (0 = no waiting, 1 = the cost model's time)");
        }

        if (string.IsNullOrWhiteSpace(ModelName))
        {
            throw Bad(nameof(ModelName), ModelName, "must be a non-empty model name such as \"dynasor-sim\"");
        }

        if (Questions is null)
        {
            throw Bad(nameof(Questions), null, "must be set; use new SynthOptions()");
        }

        Questions.Validate();
        if (!(ChainTokenMedian >= 50 && ChainTokenMedian <= 100_000))
        {
            throw Bad(nameof(ChainTokenMedian), ChainTokenMedian, "must be in [50, 100000] tokens");
        }

        NonNegative(nameof(ChainDifficultyGrowth), ChainDifficultyGrowth);
        NonNegative(nameof(ChainQuestionSpread), ChainQuestionSpread);
        NonNegative(nameof(ChainSampleSpread), ChainSampleSpread);
        NonNegative(nameof(SettleSpread), SettleSpread);
        if (!(WrongChainFactor > 0 && double.IsFinite(WrongChainFactor)))
        {
            throw Bad(nameof(WrongChainFactor), WrongChainFactor, "must be a finite number greater than 0");
        }

        if (!(SettleMedian > 0 && SettleMedian < 1))
        {
            throw Bad(nameof(SettleMedian), SettleMedian, "must be strictly between 0 and 1");
        }

        Unit(nameof(HedgeBeforeSettle), HedgeBeforeSettle);
        Unit(nameof(HedgeAfterSettle), HedgeAfterSettle);
        Unit(nameof(TentativeRate), TentativeRate);
        Unit(nameof(TentativeFinalRate), TentativeFinalRate);
        Unit(nameof(ProbeHedgeBeforeSettle), ProbeHedgeBeforeSettle);
        Unit(nameof(ProbeHedgeAfterSettle), ProbeHedgeAfterSettle);
        Unit(nameof(ProbeGuessRate), ProbeGuessRate);
    }

    private static void Unit(string name, double value)
    {
        // Written as a positive range test so NaN fails too.
        if (!(value >= 0.0 && value <= 1.0))
        {
            throw Bad(name, value, "must be in [0, 1]");
        }
    }

    private static void NonNegative(string name, double value)
    {
        if (!(value >= 0.0 && double.IsFinite(value)))
        {
            throw Bad(name, value, "must be a finite number, 0 or more");
        }
    }

    private static ArgumentException Bad(string name, object? value, string fix) =>
        new(string.Create(CultureInfo.InvariantCulture, $"SimEngineOptions.{name} = {value ?? "null"} {fix}."), name);
}
