using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Dynasor.LoadGen;

/// <summary>
/// The live program load test: one simulated engine with a small batch (so requests queue), and for each scheduler a
/// fresh <c>dynasor serve --scheduler NAME --max-inflight BATCH</c> in front of it; the same seeded Poisson arrivals
/// of self-consistency programs (<c>mode: sc</c>, same questions and sample seeds) over real HTTP; reports program
/// latency (mean, P50, P90) and deadline attainment per scheduler, and the ratios against the first scheduler.
/// </summary>
internal static class ProgramLoad
{
    public static async Task<int> RunAsync(ProgramLoadOptions o)
    {
        var c = CultureInfo.InvariantCulture;
        await using var engine = await ChildServer.StartAsync("sim-engine", "--port", "0", "--seed", o.Seed.ToString(c),
            "--time-scale", o.TimeScale.ToString(c), "--max-batch", o.MaxBatch.ToString(c));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { Timeout = Timeout.InfiniteTimeSpan };
        var arrivals = Arrivals(o);
        Console.WriteLine(string.Create(c, $"engine {engine.Url}: max batch {o.MaxBatch}, time scale {o.TimeScale}; {o.Programs} sc programs (policy {o.Policy}, <= {o.MaxSamples} samples of <= {o.MaxTokens} tokens), Poisson {o.Rate}/s, seed {o.Seed}"));
        var results = new List<(string Scheduler, double[] Latencies, double Wall, double Tokens)>();
        foreach (var scheduler in o.EffectiveSchedulers)
        {
            await using var dynasor = await ChildServer.StartAsync("serve", "--port", "0", "--upstream", engine.Url + "/v1",
                "--scheduler", scheduler, "--max-inflight", o.MaxBatch.ToString(c));
            // Warm-up (JIT, connections) with one short program, not measured.
            await RunProgramAsync(http, dynasor.Url, o with { MaxSamples = 1, MaxTokens = 16 }, -1);
            var wall = Stopwatch.StartNew();
            var programs = arrivals.Select((at, i) => Task.Run(async () =>
            {
                var wait = at - wall.Elapsed.TotalSeconds;
                if (wait > 0)
                    await Task.Delay(TimeSpan.FromSeconds(wait));
                return await RunProgramAsync(http, dynasor.Url, o, i);
            })).ToArray();
            var outcomes = await Task.WhenAll(programs);
            var latencies = outcomes.Select(p => p.Seconds).ToArray();
            results.Add((scheduler, latencies, wall.Elapsed.TotalSeconds, outcomes.Average(p => p.UpstreamTokens)));
            Console.WriteLine(string.Create(c, $"  {scheduler}: done in {wall.Elapsed.TotalSeconds:F1} s"));
        }

        Console.WriteLine();
        Console.WriteLine($"{"scheduler",-10} {"programs",8} {"mean s",8} {"P50 s",8} {"P90 s",8} {"max s",8} {"wall s",8} {"tok/prog",9} {(o.DeadlineMs > 0 ? "attain" : ""),8}");
        foreach (var (name, l, wall, tokens) in results)
        {
            var attain = o.DeadlineMs > 0 ? (l.Count(x => x * 1000 <= o.DeadlineMs) / (double)l.Length).ToString("P1", c) : "";
            Console.WriteLine(string.Create(c, $"{name,-10} {l.Length,8} {l.Average(),8:F2} {Quantile(l, 0.5),8:F2} {Quantile(l, 0.9),8:F2} {l.Max(),8:F2} {wall,8:F1} {tokens,9:F0} {attain,8}"));
        }
        var baseline = results[0].Latencies;
        foreach (var (name, l, _, _) in results.Skip(1))
            Console.WriteLine(string.Create(c, $"{name} vs {results[0].Scheduler}: mean x{l.Average() / baseline.Average():F2}, P90 x{Quantile(l, 0.9) / Quantile(baseline, 0.9):F2} (below 1 = faster)"));
        return 0;
    }

    /// <summary>Poisson arrival times (seconds from the start), seeded.</summary>
    private static double[] Arrivals(ProgramLoadOptions o)
    {
        var random = new Random(o.Seed);
        var t = 0.0;
        return Enumerable.Range(0, o.Programs).Select(_ => t += -Math.Log(1 - random.NextDouble()) / o.Rate).ToArray();
    }

    /// <summary>Runs program <paramref name="index"/> to its answer: its latency and the tokens it cost upstream.</summary>
    private static async Task<(double Seconds, long UpstreamTokens)> RunProgramAsync(HttpClient http, string url, ProgramLoadOptions o, int index)
    {
        using var body = new MemoryStream();
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("model", "dynasor-sim");
            json.WriteStartArray("messages");
            json.WriteStartObject();
            json.WriteString("role", "user");
            json.WriteString("content", $"Load test question {o.Seed}-{index}: find the value and put it in \\boxed{{}}.");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteNumber("max_tokens", o.MaxTokens);
            // The same sample seeds under every scheduler: the programs do identical work, only their order differs.
            json.WriteNumber("seed", 1000L * (index + 1));
            json.WriteStartObject("dynasor");
            json.WriteString("mode", "sc");
            json.WriteString("policy", o.Policy);
            json.WriteNumber("max_samples", o.MaxSamples);
            if (o.DeadlineMs > 0)
                json.WriteNumber("deadline_ms", o.DeadlineMs);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        var started = Stopwatch.GetTimestamp();
        using var response = await http.PostAsync(url + "/v1/chat/completions", new ByteArrayContent(body.ToArray()) { Headers = { ContentType = new("application/json") } });
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"program {index} failed with {(int)response.StatusCode}: {text}");
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return (seconds, JsonDocument.Parse(text).RootElement.GetProperty("dynasor").GetProperty("upstream_tokens").GetInt64());
    }

    private static double Quantile(double[] values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
