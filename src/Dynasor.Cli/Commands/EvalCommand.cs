using System.CommandLine;
using Dynasor.Cli.Output;
using Dynasor.Cot;
using Dynasor.Programs;
using Dynasor.Search;
using Dynasor.SimEngine;
using Dynasor.Traces;

namespace Dynasor.Cli.Commands;

/// <summary>
/// <c>dynasor eval</c>: measures Dynasor-CoT at each effort preset against plain generation, adaptive self-consistency
/// policies against fixed SC@cap, and the reward-guided programs (Rebase, MCTS, best-of-N, reward-weighted SC) under
/// certaindex policies against even allocation at each cap, on seeded questions run through a streaming engine.
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        // 100,000 questions is eight times the largest reasoning benchmark (MATH, 12,500).
        var questions = RangeOption.Int("--questions", "Questions to run (seeded texts, or the first of --questions-file):", 200, 1, 100_000);
        var seed = new Option<int>("--seed") { Description = "Seed of the engine and of the questions and samples.", DefaultValueFactory = _ => 0 };
        var seeds = RangeOption.Int("--seeds", "Engine seeds to run, from --seed up (in process only); rows show the mean and the standard deviation over them:", 1, 1, 100);
        var mode = new Option<string>("--mode") { Description = $"{string.Join(", ", EvalPlan.Modes)} (all = cot and sc).", DefaultValueFactory = _ => "all" };
        var efforts = new Option<string[]>("--effort") { Description = "Dynasor-CoT effort presets to run (default: all five).", AllowMultipleArgumentsPerToken = true };
        var policies = new Option<string[]>("--policy") { Description = "sc: the adaptive policies (default: ac settle static; fixed SC@cap always runs as the baseline). rebase, mcts, bon, wsc: policies run in addition to the paper's certaindex settings.", AllowMultipleArgumentsPerToken = true };
        var cap = RangeOption.Int("--max-samples", "SC cap: samples of the fixed baseline and most samples of any policy:", 16, 1, ScOptions.MaxSamplesLimit);
        var caps = new Option<string[]>("--caps") { Description = "rebase, mcts, bon, wsc: the caps of the even rows; the largest is the policies' cap and the baseline (default: rebase 16 32 64, mcts 3 5 10 20, bon and wsc 5 10 20 30).", AllowMultipleArgumentsPerToken = true };
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
        var reward = new EvalRewardOptions();
        var writeTrace = new Option<string?>("--write-trace") { Description = "mcts: write each question's iterations of the run to the largest cap, in search order, as a trace (answer, tokens, correct, reward per iteration)." };

        var command = new Command("eval", "Measure Dynasor-CoT effort presets vs plain generation, adaptive SC vs fixed SC, and Rebase, MCTS, best-of-N or reward-weighted SC policies vs even allocation: tokens per question and accuracy.")
        {
            questions, seed, seeds, mode, efforts, policies, cap, caps, maxTokens, concurrency, upstream, upstreamKeyEnv, model, questionsFile, writeQuestions, format, probeTail,
            reward.Upstream, reward.Model, reward.Kind, reward.KeyEnv, reward.Noise, writeTrace,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var plan = EvalPlan.Create(parse.GetValue(questions), parse.GetValue(seed), parse.GetValue(mode)!, parse.GetValue(efforts),
                parse.GetValue(policies), parse.GetValue(cap), parse.GetValue(maxTokens), parse.GetValue(concurrency), parse.GetValue(format), parse.GetValue(caps))
                with { ProbeTail = parse.GetValue(probeTail), Seeds = parse.GetValue(seeds), RewardNoise = parse.GetValue(reward.Noise), TracePath = parse.GetValue(writeTrace) };
            if (plan.ProbeTail is { } tail)
                new CotOptions { ProbeTailTokens = tail }.Validate();
            if (parse.GetValue(writeQuestions) is { } path)
            {
                OutputFile.CheckWritable(path, "--write-questions");
                WriteQuestions(path, plan);
                return 0;
            }
            if (plan.Program is not null && parse.GetResult(cap) is { Implicit: false })
                throw new ArgumentException($"--max-samples is the sc cap; --mode {plan.Mode} takes its caps from --caps (for example --caps {string.Join(' ', plan.Caps)})");
            if (plan.TracePath is not null && plan.Program != "mcts")
                throw new ArgumentException($"--write-trace records MCTS iterations; use it with --mode mcts, not --mode {plan.Mode}");
            reward.Check(parse, plan, parse.GetValue(upstream) is not null);
            OutputFile.CheckWritable(plan.TracePath, "--write-trace");
            var trace = plan.TracePath is null ? null : new List<TraceQuestion>();

            var upstreamUrl = parse.GetValue(upstream);
            IReadOnlyList<EvalSummary> rows;
            if (upstreamUrl is null)
            {
                if (parse.GetValue(questionsFile) is not null)
                    throw new ArgumentException("--questions-file grades a live upstream; give --upstream URL too (the simulated engine grades its own seeded questions)");
                rows = ProgressReporter.Run("evaluating", progress => EvalSummary.Of(plan.SeedList.Select((s, i) =>
                    EvalRunner.RunSimulatedAsync(plan, s, new Part(progress, i, plan.Seeds), trace).GetAwaiter().GetResult()).ToList()));
            }
            else
            {
                if (plan.Seeds > 1)
                    throw new ArgumentException("--seeds runs the in-process engine at several seeds; over --upstream the engine's seed is the server's: run once per server seed");
                var file = parse.GetValue(questionsFile)
                    ?? throw new ArgumentException($"--upstream {upstreamUrl} needs --questions-file FILE (JSON Lines of {{\"question\",\"answer\"}}) to grade against");
                var graded = EvalQuestionFile.Read(file).Take(plan.Questions).ToList();
                plan = plan with { Questions = graded.Count, Engine = upstreamUrl };
                rows = EvalUpstream.Run(plan, upstreamUrl, parse.GetValue(upstreamKeyEnv), parse.GetValue(model), reward.Client(parse, plan), graded, trace);
            }
            EvalWriter.Write(Console.Out, plan, rows);
            if (plan.TracePath is { } tracePath && trace is not null)
            {
                using (var writer = new TraceWriter(tracePath))
                {
                    foreach (var question in trace)
                        writer.Write(question);
                }
                OutputFile.Announce(tracePath, $"{trace.Count} questions' MCTS iterations (in search order)");
            }
            return 0;
        }));
        return command;
    }

    private static void WriteQuestions(string path, EvalPlan plan)
    {
        var engine = new SimulatedEngine(new SimEngineOptions { Seed = plan.Seed, TimeScale = 0 }, TimeProvider.System);
        try
        {
            EvalQuestionFile.Write(path, EvalRunner.QuestionTexts(plan.Questions, plan.Seed).Select(text => new EvalQuestion(text, engine.GoldAnswer(text))).ToList());
        }
        finally
        {
            engine.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        Console.Out.WriteLine($"wrote {plan.Questions} questions to {path} (gold answers of the simulated engine with seed {plan.Seed})");
    }

    /// <summary>Seed <c>index</c> of <c>count</c>: its share of the whole run's progress.</summary>
    private sealed class Part(IProgress<double> whole, int index, int count) : IProgress<double>
    {
        public void Report(double value) => whole.Report((index + value) / count);
    }
}
