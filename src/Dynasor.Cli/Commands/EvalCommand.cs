using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Dynasor.Cli.Output;
using Dynasor.Cot;
using Dynasor.Engines;
using Dynasor.Policies;
using Dynasor.Programs;
using Dynasor.Server.Upstream;
using Dynasor.SimEngine;
using Spectre.Console;

namespace Dynasor.Cli.Commands;

/// <summary>
/// <c>dynasor eval</c>: measures Dynasor-CoT at each effort preset against plain generation, and adaptive
/// self-consistency policies against fixed SC@cap, on seeded questions run through a streaming engine.
/// </summary>
internal static class EvalCommand
{
    /// <summary>The adaptive policies compared with fixed SC when none are named: the anchor, Dynasor's own, the paper's.</summary>
    public static readonly string[] DefaultPolicies = ["ac", "settle", "static"];

    public static Command Create()
    {
        // 100,000 questions is eight times the largest reasoning benchmark (MATH, 12,500).
        var questions = RangeOption.Int("--questions", "Questions to run (seeded texts, or the first of --questions-file):", 200, 1, 100_000);
        var seed = new Option<int>("--seed") { Description = "Seed of the engine and of the questions and samples.", DefaultValueFactory = _ => 0 };
        var mode = new Option<string>("--mode") { Description = "cot, sc or all.", DefaultValueFactory = _ => "all" };
        var efforts = new Option<string[]>("--effort") { Description = "Dynasor-CoT effort presets to run (default: all five).", AllowMultipleArgumentsPerToken = true };
        var policies = new Option<string[]>("--policy") { Description = "Adaptive SC policy specs (default: ac settle static); fixed SC@cap always runs as the baseline.", AllowMultipleArgumentsPerToken = true };
        var cap = RangeOption.Int("--max-samples", "SC cap: samples of the fixed baseline and most samples of any policy:", 16, 1, ScOptions.MaxSamplesLimit);
        // Ten million tokens is ten times the longest context windows.
        var maxTokens = RangeOption.Int("--max-tokens", "Most tokens per chain or sample:", 16384, 1, 10_000_000);
        // Engines run a few hundred sequences at once; more questions in flight only queue.
        var concurrency = RangeOption.Int("--concurrency", "Questions run at once:", 32, 1, 4096);
        var upstream = new Option<string?>("--upstream") { Description = "An OpenAI-compatible upstream (e.g. http://vllm-host:8000/v1) to evaluate instead of the in-process simulated engine; needs --questions-file." };
        var upstreamKeyEnv = new Option<string?>("--upstream-key-env") { Description = "Environment variable holding the upstream's API key." };
        var model = new Option<string?>("--model") { Description = "Model to ask the upstream for (default: the first it lists)." };
        var questionsFile = new Option<string?>("--questions-file") { Description = "JSON Lines of {\"question\",\"answer\"} to grade the upstream on (at most --questions of them)." };
        var writeQuestions = new Option<string?>("--write-questions") { Description = "Write the seeded simulated questions with their gold answers to this file and exit (to evaluate 'dynasor sim-engine --seed S' over HTTP)." };
        var format = FormatOption.Create("eval", ResultFormat.Table, ResultFormat.Json);
        // Left out, each effort keeps its own.
        var probeTail = RangeOption.OptionalInt("--probe-tail", $"Tokens a Dynasor-CoT probe reads after its box closes, for a hedge (default {new CotOptions().ProbeTailTokens}; 20 reads the whole probe):", new CotOptions().ProbeTailTokens, 0, CotOptions.MaxProbeTokens);

        var command = new Command("eval", "Measure Dynasor-CoT effort presets vs plain generation and adaptive SC vs fixed SC: tokens per question and accuracy.")
        {
            questions, seed, mode, efforts, policies, cap, maxTokens, concurrency, upstream, upstreamKeyEnv, model, questionsFile, writeQuestions, format, probeTail,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var plan = EvalPlan.Create(parse.GetValue(questions), parse.GetValue(seed), parse.GetValue(mode)!, parse.GetValue(efforts),
                parse.GetValue(policies), parse.GetValue(cap), parse.GetValue(maxTokens), parse.GetValue(concurrency), parse.GetValue(format)) with { ProbeTail = parse.GetValue(probeTail) };
            if (plan.ProbeTail is { } tail)
                new CotOptions { ProbeTailTokens = tail }.Validate();
            if (parse.GetValue(writeQuestions) is { } path)
            {
                OutputFile.CheckWritable(path, "--write-questions");
                WriteQuestions(path, plan);
                return 0;
            }
            var upstreamUrl = parse.GetValue(upstream);
            if (upstreamUrl is null)
            {
                if (parse.GetValue(questionsFile) is not null)
                    throw new ArgumentException("--questions-file grades a live upstream; give --upstream URL too (the simulated engine grades its own seeded questions)");
                var rows = ProgressReporter.Run("evaluating", progress => RunSimulated(plan, progress).GetAwaiter().GetResult());
                Write(Console.Out, plan, rows);
                return 0;
            }
            var file = parse.GetValue(questionsFile)
                ?? throw new ArgumentException($"--upstream {upstreamUrl} needs --questions-file FILE (JSON Lines of {{\"question\",\"answer\"}}) to grade against");
            var key = parse.GetValue(upstreamKeyEnv) is { } env ? ServerRunner.Environment(env, "--upstream-key-env") : null;
            var options = new UpstreamOptions(ParseUrl(upstreamUrl), key, parse.GetValue(model)).Validate();
            var graded = EvalQuestionFile.Read(file).Take(plan.Questions).ToList();
            var live = plan with { Questions = graded.Count, Engine = upstreamUrl };
            // Streams can run for minutes; the upstream engine enforces its own per-line timeout.
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var engine = new UpstreamEngine(options, http, TimeProvider.System);
            Reachable(engine, upstreamUrl);
            var liveRows = ProgressReporter.Run("evaluating", progress => RunAsync(engine, graded, live, progress).GetAwaiter().GetResult());
            Write(Console.Out, live, liveRows);
            return 0;
        }));
        return command;
    }

    private static Uri ParseUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : throw new ArgumentException($"--upstream '{url}' is not an absolute URL; use one such as http://vllm-host:8000/v1");

    /// <summary>The seeded question texts of the simulated evaluation (the same for the in-process engine and a sim-engine with that seed).</summary>
    private static IEnumerable<string> QuestionTexts(EvalPlan plan) => Enumerable.Range(1, plan.Questions)
        .Select(i => string.Create(CultureInfo.InvariantCulture, $"Eval question {i} (seed {plan.Seed}): what is the final answer?"));

    private static void WriteQuestions(string path, EvalPlan plan)
    {
        var engine = new SimulatedEngine(new SimEngineOptions { Seed = plan.Seed, TimeScale = 0 }, TimeProvider.System);
        try
        {
            EvalQuestionFile.Write(path, QuestionTexts(plan).Select(text => new EvalQuestion(text, engine.GoldAnswer(text))).ToList());
        }
        finally
        {
            engine.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        Console.Out.WriteLine($"wrote {plan.Questions} questions to {path} (gold answers of the simulated engine with seed {plan.Seed})");
    }

    // Asks the upstream what it is before the run: a dead URL fails in one line before any question is sent.
    private static void Reachable(UpstreamEngine engine, string url)
    {
        try
        {
            engine.DialectAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (UpstreamException e) when (e.StatusCode == 502)
        {
            throw new ArgumentException($"--upstream {url} is unreachable: nothing answered there; start the engine (to try one: dynasor sim-engine --port PORT) or fix the URL", e);
        }
        catch (UpstreamException e)
        {
            throw new ArgumentException($"--upstream {url}: {e.Message}", e);
        }
    }

    private static async Task<IReadOnlyList<EvalRow>> RunSimulated(EvalPlan plan, IProgress<double> progress)
    {
        await using var engine = new SimulatedEngine(new SimEngineOptions { Seed = plan.Seed, TimeScale = 0 }, TimeProvider.System);
        var questions = QuestionTexts(plan).Select(text => new EvalQuestion(text, engine.GoldAnswer(text))).ToList();
        return await RunAsync(engine, questions, plan, progress).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<EvalRow>> RunAsync(IStreamingEngine engine, IReadOnlyList<EvalQuestion> questions, EvalPlan plan, IProgress<double> progress)
    {
        var rows = new List<EvalRow>();
        var step = new StepProgress(part => progress.Report((rows.Count + part) / plan.Steps));
        if (plan.RunCot)
        {
            rows.Add(await CotEvaluator.RunAsync(engine, questions, null, "-", plan.MaxTokens, plan.Seed, plan.Concurrency, step).ConfigureAwait(false));
            foreach (var effort in plan.Efforts)
            {
                var options = CotOptions.FromEffort(effort);
                options = plan.ProbeTail is { } tail ? options with { ProbeTailTokens = tail } : options;
                rows.Add(await CotEvaluator.RunAsync(engine, questions, options, CotEvaluator.Label(effort, options), plan.MaxTokens, plan.Seed, plan.Concurrency, step).ConfigureAwait(false));
            }
        }
        if (plan.RunSc)
            rows.AddRange(await ScEvaluator.RunAsync(engine, questions, plan.PolicySpecs, new ScOptions(plan.Cap), plan.MaxTokens, plan.Seed, plan.Concurrency, step).ConfigureAwait(false));
        return rows;
    }

    private static void Write(TextWriter output, EvalPlan plan, IReadOnlyList<EvalRow> rows)
    {
        if (plan.Format == ResultFormat.Json)
        {
            output.WriteLine(Json(plan, rows));
            return;
        }
        var table = new Table().AddColumns("mode", "setting", "accuracy", "upstream tok/q", "client tok/q", "saving vs baseline", "exited early", "samples/q");
        foreach (var row in rows)
        {
            table.AddRow(row.Mode, Markup.Escape(row.Setting), Pct(row.Accuracy), Num(row.UpstreamTokensPerQuestion), Num(row.CompletionTokensPerQuestion),
                SavingFormat.Percent(Saving(rows, row)), row.ExitedEarly is { } e ? Pct(e) : "", row.SamplesPerQuestion is { } s ? s.ToString("0.00", CultureInfo.InvariantCulture) : "");
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        if (Console.IsOutputRedirected || output != Console.Out)
            console.Profile.Width = 240;
        console.Write(table);
        output.WriteLine($"{plan.Questions} questions, seed {plan.Seed}, engine {plan.Engine}; saving = 1 - upstream tokens / baseline's (off for cot, {plan.PolicySpecs[0]} for sc), positive when tokens were saved.");
    }

    /// <summary><c>{"questions":..,"seed":..,"engine":"simulated","results":[...]}</c>, snake_case fields, fractions for shares.</summary>
    public static string Json(EvalPlan plan, IReadOnlyList<EvalRow> rows)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteNumber("questions", plan.Questions);
            json.WriteNumber("seed", plan.Seed);
            json.WriteString("engine", plan.Engine);
            json.WriteStartArray("results");
            foreach (var row in rows)
            {
                json.WriteStartObject();
                json.WriteString("mode", row.Mode);
                json.WriteString("setting", row.Setting);
                json.WriteNumber("accuracy", Math.Round(row.Accuracy, 6));
                json.WriteNumber("upstream_tokens_per_question", Math.Round(row.UpstreamTokensPerQuestion, 2));
                json.WriteNumber("completion_tokens_per_question", Math.Round(row.CompletionTokensPerQuestion, 2));
                json.WriteNumber("token_saving_vs_baseline", Math.Round(Saving(rows, row), 6));
                if (row.ExitedEarly is { } e)
                    json.WriteNumber("exited_early", Math.Round(e, 6));
                if (row.SamplesPerQuestion is { } s)
                    json.WriteNumber("samples_per_question", Math.Round(s, 4));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    // The baseline of a row is the first row of its family: plain generation for cot, fixed SC@cap for sc.
    private static double Saving(IReadOnlyList<EvalRow> rows, EvalRow row)
    {
        var family = row.Mode == "sc" ? "sc" : "off";
        var baseline = rows.FirstOrDefault(r => r.Mode == family);
        return baseline is null || baseline.UpstreamTokensPerQuestion == 0 ? 0 : 1 - row.UpstreamTokensPerQuestion / baseline.UpstreamTokensPerQuestion;
    }

    private static string Pct(double v) => v.ToString("0.0%", CultureInfo.InvariantCulture);

    private static string Num(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);

    private sealed class StepProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }

    /// <summary>The validated settings of one eval run.</summary>
    internal sealed record EvalPlan(int Questions, int Seed, bool RunCot, bool RunSc, IReadOnlyList<string> Efforts, IReadOnlyList<string> PolicySpecs,
        int Cap, int MaxTokens, int Concurrency, ResultFormat Format)
    {
        /// <summary>Tokens a probe reads after its box closes; null: the default.</summary>
        public int? ProbeTail { get; init; }

        /// <summary>What ran the questions: <c>simulated</c> (in process) or the upstream URL.</summary>
        public string Engine { get; init; } = "simulated";

        /// <summary>Progress steps: one per row (SC reports once for all its policies).</summary>
        public int Steps => (RunCot ? 1 + Efforts.Count : 0) + (RunSc ? 1 : 0);

        /// <summary>Checks every setting before anything runs; errors name the option and the fix.</summary>
        public static EvalPlan Create(int questions, int seed, string mode, string[]? efforts, string[]? policies, int cap, int maxTokens, int concurrency, ResultFormat format)
        {
            // The numbers' ranges are checked as the command line is parsed (RangeOption).
            if (mode is not ("cot" or "sc" or "all"))
                throw new ArgumentException($"--mode '{mode}' is unknown; use cot, sc or all");
            var names = efforts is { Length: > 0 } ? efforts : CotOptions.Efforts.Select(e => e.Name).ToArray();
            foreach (var name in names)
                CotOptions.FromEffort(name);
            // Fixed SC@cap first: it is the baseline the adaptive policies are measured against.
            var specs = new[] { $"sc:n={cap.ToString(CultureInfo.InvariantCulture)}" }
                .Concat(policies is { Length: > 0 } ? policies : DefaultPolicies)
                .Select(p => PolicyCatalog.Parse(p).ToString())
                .Distinct()
                .ToList();
            foreach (var spec in specs)
                PolicyCatalog.Create(PolicyCatalog.Parse(spec));
            return new EvalPlan(questions, seed, mode != "sc", mode != "cot", names.Select(n => n.ToLowerInvariant()).ToList(), specs, cap, maxTokens, concurrency, format);
        }
    }
}
