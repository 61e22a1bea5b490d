using System.CommandLine;
using Dynasor.Certainty;

namespace Dynasor.Cli.Output;

/// <summary>
/// The <c>--measure</c> option of calibrate: the one certaindex the threshold families (static, stepped) search, by the
/// name of its spec parameter; left out, the program's own set (entropy, plus max_reward and share under wsc and bon).
/// </summary>
internal static class MeasureOption
{
    private static readonly (string Name, CertaindexMeasure Measure)[] Names =
    [
        ("entropy", CertaindexMeasure.Entropy), ("max_reward", CertaindexMeasure.MaxReward),
        ("share", CertaindexMeasure.RewardShare), ("reward", CertaindexMeasure.MeanReward),
    ];

    public static Option<CertaindexMeasure?> Create() => new("--measure")
    {
        HelpName = "entropy|max_reward|share|reward",
        Description = "Certaindex the static and stepped grids search: entropy (threshold=), max_reward, share or reward (mean); default: entropy, plus max_reward and share under --program wsc or bon.",
        CustomParser = result =>
        {
            var text = result.Tokens[^1].Value;
            foreach (var (name, measure) in Names)
            {
                if (name.Equals(text.Trim(), StringComparison.OrdinalIgnoreCase))
                    return measure;
            }
            result.AddError($"--measure '{text}' is unknown; use entropy, max_reward, share or reward");
            return null;
        },
    };
}
