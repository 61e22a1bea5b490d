using Dynasor.Cli.Output;
using Dynasor.Cot;

namespace Dynasor.Cli.Commands;

/// <summary>
/// <c>dynasor replay --mode cot</c>: Dynasor-CoT exit rules (effort presets, custom k and T, certaindex thresholds) over
/// chains recorded with their probes (<c>dynasor serve --record</c>), with the live check that the offline rule reproduces
/// what the server did.
/// </summary>
internal static class CotReplay
{
    public static int Run(IReadOnlyList<string>? traces, IReadOnlyList<string>? specs, ResultFormat format, string? report, string? perChain)
    {
        if (traces is null || traces.Count == 0)
            throw new ArgumentException("replay --mode cot needs --trace: a directory written by 'dynasor serve --record' or a trace whose samples have a \"chain\" (the built-in synthetic trace has none)");
        var named = specs is { Count: > 0 };
        var policies = (named ? specs!.Select(CotPolicy.Parse) : CotPolicy.Presets).DistinctBy(p => p.ToString()).ToList();
        OutputFile.CheckWritable(report, "--report");
        OutputFile.CheckWritable(perChain, "--per-question");
        var loaded = traces.Select(CotTrace.Load).ToList();
        if (!named)
            policies = Fitting(policies, loaded);
        foreach (var trace in loaded.Where(t => t.Skipped > 0))
            Console.Error.WriteLine($"dynasor: warning: {trace.Name}: {trace.Skipped} samples without a \"chain\" are left out (they were not served in cot mode)");
        var results = loaded.SelectMany(t => policies.Select(p => CotReplayer.Run(t, p))).ToList();
        var checks = loaded.Select(t => (t.Name, CotReplayer.CheckLive(t))).ToList();
        CotResultWriter.Write(Console.Out, results, checks, format);
        if (report is not null)
        {
            Reports.CotHtmlReport.Write(report, results, checks);
            OutputFile.Announce(report, "the HTML report");
        }
        if (perChain is not null)
        {
            File.WriteAllText(perChain, CotResultWriter.PerChainCsv(results));
            OutputFile.Announce(perChain, "the per-chain CSV");
        }
        return 0;
    }

    // The presets the recording can answer: a preset whose interval is not a multiple of every chain's recorded one is
    // skipped with a line saying how to record for it (a preset named with --policy fails instead).
    private static List<CotPolicy> Fitting(List<CotPolicy> presets, IReadOnlyList<CotTrace> traces)
    {
        var intervals = traces.SelectMany(t => t.Chains).Select(c => c.Sample.Chain!.ProbeInterval).Distinct().ToList();
        var fitting = presets.Where(p => intervals.All(i => p.ProbeInterval % i == 0)).ToList();
        foreach (var skipped in presets.Except(fitting))
            Console.Error.WriteLine($"dynasor: {skipped} is skipped: the chains were recorded with probes every {string.Join(" or ", intervals)} tokens; record with \"probe_interval\":{skipped.ProbeInterval} to evaluate it");
        return fitting.Count > 0 ? fitting
            : throw new ArgumentException($"no effort preset fits chains recorded with probes every {string.Join(" or ", intervals)} tokens; name rules with --policy cot:window=K,interval=T, T a multiple of the recorded interval");
    }
}
