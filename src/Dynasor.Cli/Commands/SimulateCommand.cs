using System.CommandLine;
using Dynasor.Cli.Output;
using Dynasor.Policies;
using Dynasor.Replay;
using Dynasor.Scheduling;
using Dynasor.Search;
using Dynasor.Simulation;

namespace Dynasor.Cli.Commands;

/// <summary><c>dynasor simulate</c>: serves arriving reasoning programs in the discrete-event simulator and reports deadline attainment.</summary>
internal static class SimulateCommand
{
    private const int MaxPoints = 1000;

    public static Command Create()
    {
        var trace = new Option<string?>("--trace") { Description = "Trace file (JSON Lines) the SC programs' questions come from. Default: the built-in synthetic trace (seed 0)." };
        var kinds = new Option<string[]>("--program") { Description = "Program kinds that arrive: sc, rebase, mcts, each optionally KIND:WEIGHT; several mix them (rebase mcts: half each). Default: sc.", AllowMultipleArgumentsPerToken = true };
        var allocations = new Option<string[]>("--allocation") { Description = "Allocations, several allowed: uniform (even at each kind's cap), certaindex (each kind's Table 1 policy), a policy spec as in replay (incl. @policy.json) for every kind, or KIND=SPEC;KIND=SPEC. Default: sc settle for SC alone, else uniform certaindex.", AllowMultipleArgumentsPerToken = true };
        var schedulers = new Option<string[]>("--scheduler") { Description = $"Schedulers: {string.Join(", ", SchedulerCatalog.Policies.Select(p => p.Name))}; several allowed. Default: fcfs dynasor.", AllowMultipleArgumentsPerToken = true };
        var rate = new Option<string[]>("--rate") { Description = "Program arrival rates per second: numbers or FROM:TO:STEP, several allowed (0.1:1:0.1 1.5:4:0.5). Default 1.", AllowMultipleArgumentsPerToken = true };
        var slo = new Option<string[]>("--slo-scale") { Description = "SLO scales (numbers or FROM:TO:STEP); deadline = scale x difficulty (1/2/3) x base deadline.", AllowMultipleArgumentsPerToken = true };
        var replicas = RangeOption.Int("--replicas", "Engine replicas:", 1, 1, SimulationOptions.MaxReplicas);
        var profile = new Option<string>("--profile") { Description = $"Iteration cost profile: {string.Join(", ", IterationCostModel.Profiles.Select(p => p.Name))}.", DefaultValueFactory = _ => IterationCostModel.Opt13BA100.Name };
        var programs = RangeOption.Int("--programs", "Programs that arrive per run:", 1000, 1, SimulationOptions.MaxPrograms);
        var seed = new Option<int>("--seed") { Description = "Seed of arrivals, questions and sample orders.", DefaultValueFactory = _ => 0 };
        var format = FormatOption.Create("simulate", ResultFormat.Table, ResultFormat.Json);
        var report = new Option<string?>("--report") { Description = "Also write an HTML report with attainment charts to this file." };
        var fit = new Option<string?>("--fit") { Description = "Fit the cost profile from a CSV of measured iterations (phase,sum_length,sum_squared_length,sum_context,batch,ms) and use it." };
        var cap = RangeOption.Int("--cap", "Most samples per SC program:", 40, 1, ReplayOptions.MaxCap);
        var width = RangeOption.Int("--width", "Rebase width cap (most solutions per program):", 64, 1, SearchOptions.MaxCap);
        var iterations = RangeOption.Int("--iterations", "MCTS iteration cap:", 20, 1, SearchOptions.MaxCap);
        // Measured LLM serving traces are far burstier than Poisson but stay within a CV of a few; 100 is beyond any.
        var cv = RangeOption.Double("--arrival-cv", "Coefficient of variation of arrival gaps: 1 Poisson, else Gamma;", 1, 0, 100, minExcluded: true);
        // A day: deadlines are minutes (PAPER.md), so anything longer is a typo.
        var baseDeadline = BaseDeadline();
        var holdout = new Option<double?>("--holdout") { Description = "Draw questions only from the held-out part of 'dynasor calibrate --split FRACTION --seed S', so a calibrated policy is judged on questions it was not fitted on." };
        var holdoutSeed = new Option<int>("--holdout-seed") { Description = "The S of that calibrate run (its --seed).", DefaultValueFactory = _ => 0 };
        var prompt = RangeOption.Int("--prompt-tokens", "Prompt tokens per program (traces record none):", 200, 0, SimulationOptions.MaxPromptTokens);

        var command = new Command("simulate", "Simulate serving reasoning programs on LLM engines: deadline attainment per allocation, scheduler, rate and SLO scale.")
        {
            trace, kinds, allocations, schedulers, rate, slo, replicas, profile, programs, seed, format, report, fit, cap, width, iterations, cv, baseDeadline, prompt, holdout, holdoutSeed,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            OutputFile.CheckWritable(parse.GetValue(report), "--report");
            var cost = parse.GetValue(fit) is { } fitPath ? Fit(fitPath) : IterationCostModel.Profile(parse.GetValue(profile)!);
            var options = new SimulationOptions
            {
                Replicas = parse.GetValue(replicas),
                Programs = parse.GetValue(programs),
                Seed = parse.GetValue(seed),
                Cap = parse.GetValue(cap),
                RebaseWidth = parse.GetValue(width),
                MctsIterations = parse.GetValue(iterations),
                ArrivalCv = parse.GetValue(cv),
                PromptTokens = parse.GetValue(prompt),
                Cost = cost,
                Mix = parse.GetValue(kinds) is { Length: > 0 } k ? ProgramMix.Parse(k) : ProgramMix.Sc,
            };
            if (parse.GetValue(baseDeadline) is { } seconds)
                options = options.WithBaseDeadline(seconds);
            options.Validate();
            var withSc = options.Mix.Contains(ProgramKind.Sc);
            if (!withSc && parse.GetValue(trace) is not null)
                throw new ArgumentException($"--trace gives the questions of sc programs, and --program {options.Mix} has none; add --program sc or leave --trace out");
            if (!withSc && parse.GetValue(holdout) is not null)
                throw new ArgumentException($"--holdout splits the sc programs' trace, and --program {options.Mix} has none; add --program sc or leave --holdout out");
            var rates = Points(parse.GetValue(rate), "--rate", "rates");
            var scales = Points(parse.GetValue(slo), "--slo-scale", "scales");
            string[] defaults = options.Mix.Kinds.SequenceEqual([ProgramKind.Sc]) ? ["sc", "settle"] : [MixAllocation.UniformName, MixAllocation.CertaindexName];
            var specs = (parse.GetValue(allocations) is { Length: > 0 } a ? a : defaults).Select(MixAllocation.Parse).ToList();
            foreach (var spec in specs)
                spec.Resolve(options, null);
            var names = parse.GetValue(schedulers) is { Length: > 0 } s ? s : ["fcfs", "dynasor"];
            foreach (var name in names)
                SchedulerCatalog.Create(name);
            var loaded = withSc ? TraceSource.Load(parse.GetValue(trace), options.Cap, Console.Error) : null;
            if (loaded is not null && parse.GetValue(holdout) is { } split)
            {
                if (!(split > 0 && split < 1))
                    throw new ArgumentException($"--holdout {split.ToString(System.Globalization.CultureInfo.InvariantCulture)} is out of range; use the fraction above 0 and below 1 that 'dynasor calibrate --split' was given (for example 0.5)");
                loaded = Dynasor.Calibration.Calibrator.Split(loaded, new Dynasor.Calibration.CalibrationOptions(Split: split, Seed: parse.GetValue(holdoutSeed)).Validate()).Holdout;
            }

            var (results, summary) = ProgressReporter.Run("simulating", p => SimulationSweep.Run(loaded, specs, names, rates, scales, options, p));
            SimulationWriter.Write(Console.Out, results, summary, parse.GetValue(format) == ResultFormat.Json);
            if (parse.GetValue(report) is { } reportPath)
            {
                Reports.SimulationReport.Write(reportPath, $"dynasor simulate: {(loaded is null ? options.Mix.ToString() : options.Mix.Kinds.Count() > 1 ? $"{options.Mix}, {loaded.Name}" : loaded.Name)}", results, summary);
                OutputFile.Announce(reportPath, "the HTML report");
            }
            return 0;
        }));
        return command;
    }

    // Each range is at most 1000 points (ParseRange); several ranges together are held to the same.
    private static List<double> Points(string[]? given, string option, string what)
    {
        if (given is not { Length: > 0 })
            return [1.0];
        var points = given.SelectMany(s => SimulationSweep.ParseRange(s, option)).Distinct().Order().ToList();
        if (points.Count > MaxPoints)
            throw new ArgumentException($"{option} gives {points.Count} distinct {what}; at most {MaxPoints} (take larger steps)");
        return points;
    }

    // Left out: each kind's own base deadline (SC 240 s, Rebase 300 s, MCTS 60 s); given: that one for every kind.
    private static Option<double?> BaseDeadline() => new("--base-deadline")
    {
        Description = "Base deadline in seconds for every program kind, above 0, at most 86400. Default: each kind's (PAPER.md: SC 240, Rebase 300, MCTS 60).",
        CustomParser = result =>
        {
            var text = result.Tokens[^1].Value;
            // A day: deadlines are minutes (PAPER.md), so anything longer is a typo.
            const string range = "use a number of seconds above 0, at most 86400 (for example 240)";
            if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) || double.IsNaN(value))
                result.AddError($"--base-deadline '{text}' is not a number; {range}");
            else if (value <= 0 || value > 86_400)
                result.AddError($"--base-deadline {text} is out of range; {range}");
            else
                return value;
            return null;
        },
    };

    private static IterationCostModel Fit(string path)
    {
        var model = CostModelFit.FromCsv(path);
        Console.Error.WriteLine(FormattableString.Invariant(
            $"fitted {model.Name}: prefill {model.PrefillA:G4} + {model.PrefillB:G4}*sum(l) + {model.PrefillC:G4}*sum(l^2) ms; decode {model.DecodeA:G4} + {model.DecodeB:G4}*sum(context) + {model.DecodeC:G4}*batch ms"));
        return model;
    }
}
