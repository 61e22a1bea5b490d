using Dynasor.Programs;
using Dynasor.Search;

namespace Dynasor.Cli.Commands;

/// <summary>One row of <c>dynasor eval</c> at one seed, whatever measured it. Per-question figures are means.</summary>
/// <param name="Family">Rows compared with one another: <c>cot</c> (plain generation and the efforts), <c>sc</c>, or the program.</param>
/// <param name="Baseline">The row the family's savings are measured against.</param>
/// <param name="Even">An even-allocation row of a reward-guided program (its caps make the curve other rows are read against).</param>
internal sealed record EvalLine(
    string Mode,
    string Setting,
    string Family,
    bool Baseline,
    bool Even,
    double Accuracy,
    double UpstreamTokens,
    double CompletionTokens,
    double? ExitedEarly = null,
    double? Samples = null,
    double? RewardTokens = null,
    double? Steps = null)
{
    /// <summary>A cot or sc row: the family's baseline is plain generation (<c>off</c>) for cot, the first (fixed SC@cap) row for sc.</summary>
    public static IReadOnlyList<EvalLine> Of(IReadOnlyList<EvalRow> rows)
    {
        var lines = new List<EvalLine>(rows.Count);
        foreach (var row in rows)
        {
            var family = row.Mode == "sc" ? "sc" : "cot";
            var baseline = family == "cot" ? row.Mode == "off" : !lines.Any(l => l.Family == "sc");
            lines.Add(new EvalLine(row.Mode, row.Setting, family, baseline, false, row.Accuracy, row.UpstreamTokensPerQuestion, row.CompletionTokensPerQuestion,
                row.ExitedEarly, row.SamplesPerQuestion));
        }
        return lines;
    }

    /// <summary>A reward-guided program's row; steps are reported for the tree searches (for best-of-N they equal the samples).</summary>
    public static EvalLine Of(SearchEvalRow row) =>
        new(row.Mode, row.Setting, row.Mode, row.Baseline, row.Even, row.Accuracy, row.UpstreamTokensPerQuestion, row.CompletionTokensPerQuestion,
            Samples: row.KnobPerQuestion, RewardTokens: row.RewardTokensPerQuestion, Steps: row.Mode is "rebase" or "mcts" ? row.StepsPerQuestion : null);
}
