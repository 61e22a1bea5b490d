using System.CommandLine;
using Dynasor.Calibration;
using Dynasor.Cli.Output;
using Dynasor.Policies;
using Dynasor.Replay;

namespace Dynasor.Cli.Commands;

/// <summary><c>dynasor replay</c>: evaluates allocation policies on recorded (or synthetic) samples.</summary>
internal static class ReplayCommand
{
    /// <summary>What replay runs when no policy is named: the baseline, the paper's policy, the anchors and Dynasor's own.</summary>
    public static readonly string[] DefaultPolicies = ["sc", "static", "esc", "ac", "settle"];

    public static Command Create()
    {
        var traces = new Option<string[]>("--trace") { Description = "Trace files (JSON Lines) or directories recorded by serve --record; several allowed. Default: a built-in synthetic trace (seed 0).", AllowMultipleArgumentsPerToken = true };
        var policies = new Option<string[]>("--policy") { Description = "Policy specs: name or name:key=value,... or @policy.json; several allowed.", AllowMultipleArgumentsPerToken = true };
        var cap = RangeOption.Int("--cap", "Most samples per question:", 40, 1, ReplayOptions.MaxCap);
        var repeats = RangeOption.Int("--repeats", "Shuffled sample orders to average over:", 10, 1, ReplayOptions.MaxRepeats);
        var seed = new Option<int>("--seed") { Description = "Seed of the sample orders.", DefaultValueFactory = _ => 0 };
        var format = FormatOption.Create("replay", ResultFormat.Table, ResultFormat.Json, ResultFormat.Csv);
        var report = new Option<string?>("--report") { Description = "Also write an HTML report with token-to-accuracy curves to this file." };
        var perQuestion = new Option<string?>("--per-question") { Description = "Also write each question's accuracy, samples and tokens per policy to this CSV file, to see where policies differ." };
        var resample = new Option<bool>("--resample") { Description = "Draw each question's samples with replacement (a bootstrap) instead of shuffling them, so a policy that uses every sample does not simply get the recorded vote." };
        var programs = ProgramOption.Many();
        var sweep = new Option<bool>("--sweep") { Description = "Expand each named policy family along its knob, to draw curves." };
        var list = new Option<bool>("--list-policies") { Description = "Print every policy with its parameters and defaults, then exit." };
        var mode = new Option<string>("--mode")
        {
            Description = "sc (default): allocation policies over recorded samples; cot: Dynasor-CoT exit rules (mild, low, mid, high, crazy, cot:window=K,interval=T[,threshold=X], live) over chains recorded with their probes by serve --record.",
            DefaultValueFactory = _ => "sc",
        };

        var command = new Command("replay", "Replay allocation policies over recorded samples and report tokens and accuracy.")
        {
            traces, policies, mode, programs, cap, repeats, seed, resample, format, report, perQuestion, sweep, list,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            if (parse.GetValue(list))
            {
                ListPolicies(Console.Out);
                return 0;
            }
            if (parse.GetValue(mode) is var modeName && modeName != "sc")
            {
                if (modeName != "cot")
                    throw new ArgumentException($"--mode '{modeName}' is unknown; use sc or cot");
                Option[] scOnly = [programs, cap, repeats, seed, resample, sweep];
                if (scOnly.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false }) is { } scOption)
                    throw new ArgumentException($"{scOption.Name} applies to --mode sc; a Dynasor-CoT chain is replayed once, in the order its probes came");
                return CotReplay.Run(parse.GetValue(traces), parse.GetValue(policies), parse.GetValue(format), parse.GetValue(report), parse.GetValue(perQuestion));
            }
            var options = new ReplayOptions(parse.GetValue(cap), parse.GetValue(repeats), parse.GetValue(seed), parse.GetValue(resample)).Validate();
            OutputFile.CheckWritable(parse.GetValue(report), "--report");
            OutputFile.CheckWritable(parse.GetValue(perQuestion), "--per-question");
            // Recorded traffic has no gold answers: its questions are scored against SC@cap's own vote, and the table says so.
            var voted = new List<string>();
            var paths = parse.GetValue(traces);
            var loaded = paths is null || paths.Length == 0
                ? TraceSource.Load(paths, options.Cap, Console.Error)
                : paths.Select(p => TraceSource.Load(p, options.Cap, Console.Error, questions =>
                {
                    if (VoteLabels.HasGold(questions))
                        return questions;
                    voted.Add(p);
                    return questions.Select(VoteLabels.Apply).ToList();
                })).ToList();
            var specs = parse.GetValue(policies) is { Length: > 0 } given ? given : DefaultPolicies;
            var runs = parse.GetValue(programs) ?? [ReplayProgram.Sc];
            WarnOfOtherPrograms(specs, runs, Console.Error);
            var results = Run(loaded, specs, parse.GetValue(sweep), options, runs);
            ResultWriter.Write(Console.Out, results, parse.GetValue(format));
            if (parse.GetValue(format) == ResultFormat.Table)
            {
                Console.Out.WriteLine("saving vs cap = 1 - tokens / tokens of SC@cap on the same orders, positive when tokens were saved.");
                if (voted.Count > 0)
                    Console.Out.WriteLine($"{string.Join(", ", voted)} {(voted.Count == 1 ? "has" : "have")} no gold answers: 'accuracy' there is agreement with SC@cap's vote over each question's recorded samples, not accuracy.");
            }
            if (parse.GetValue(report) is { } path)
            {
                Reports.HtmlReport.Write(path, "dynasor replay", results);
                OutputFile.Announce(path, "the HTML report");
            }
            if (parse.GetValue(perQuestion) is { } csv)
            {
                File.WriteAllText(csv, ResultWriter.PerQuestionCsv(results));
                OutputFile.Announce(csv, "the per-question CSV");
            }
            return 0;
        }));
        return command;
    }

    /// <summary>Runs every policy on every trace under every program (by trace, then program), with a progress bar on standard error.</summary>
    public static IReadOnlyList<ReplayResult> Run(IReadOnlyList<PreparedTrace> traces, IReadOnlyList<string> specTexts, bool sweep, ReplayOptions options, IReadOnlyList<ReplayProgram>? programs = null)
    {
        programs = programs is { Count: > 0 } ? programs : [options.Program];
        // Parse and check everything before running anything: a typo in the last spec, or a trace without the rewards
        // a program reads, should not cost a long run. Specs are resolved against each trace (sc:n at most its
        // samples), so two that come to the same run once; sweeps follow the program's certaindex.
        var plan = (from t in traces
                    from p in programs
                    from s in Expand(specTexts, sweep, t.Shape(options.Cap, p)).Select(s => PolicyCatalog.Resolve(s, t.Shape(options.Cap))).DistinctBy(s => s.ToString())
                    select (Trace: t, Program: p, Spec: s)).ToList();
        foreach (var (trace, program, spec) in plan)
            program.RequireRewards(trace, spec);
        return ProgressReporter.Run("replaying", progress =>
        {
            var results = new List<ReplayResult>(plan.Count);
            foreach (var (trace, program, spec) in plan)
            {
                results.Add(Replayer.Run(trace, spec, options with { Program = program }));
                progress.Report(results.Count / (double)plan.Count);
            }
            return results;
        });
    }

    private static IEnumerable<PolicySpec> Expand(IReadOnlyList<string> specTexts, bool sweep, TraceShape shape)
    {
        var specs = specTexts.Select(PolicyCatalog.Parse).ToList();
        if (!sweep)
            return specs;
        return specs.SelectMany(s =>
        {
            var points = PolicyCatalog.Family(s.Name).Sweep(shape).Select(PolicyCatalog.Parse).ToList();
            return points.Count == 0 ? [s] : points;
        }).DistinctBy(s => s.ToString());
    }

    // A policy calibrated under one program keeps its thresholds' meaning only under that program.
    private static void WarnOfOtherPrograms(IEnumerable<string> specs, IReadOnlyList<ReplayProgram> programs, TextWriter warnings)
    {
        foreach (var path in specs.Where(s => s.StartsWith('@')).Select(s => s[1..]))
        {
            if (PolicyFile.Load(path).Program is { } calibrated && programs.Any(p => p.Name != calibrated))
                warnings.WriteLine($"dynasor: warning: policy file '{path}' was calibrated under --program {calibrated}; here it also runs under --program {string.Join(", ", programs.Where(p => p.Name != calibrated).Select(p => p.Name))}");
        }
    }

    private static void ListPolicies(TextWriter output)
    {
        output.WriteLine("programs (--program): " + string.Join("; ", ReplayProgram.All.Select(p => $"{p.Name}: {p.Summary}")));
        foreach (var family in PolicyCatalog.Families)
        {
            output.WriteLine($"{family.Name}: {family.Summary}");
            foreach (var p in family.Parameters)
                output.WriteLine($"    {p.Name,-11} default {(p.Default.Length == 0 ? "(none)" : p.Default),-6} {p.Description}");
        }
    }
}
