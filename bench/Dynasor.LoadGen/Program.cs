using System.Globalization;
using Dynasor.LoadGen;

// Drives N concurrent streams at the simulated engine directly and N through Dynasor (mode off) at the same time,
// so both groups ride the same engine steps and share the machine's noise; the difference between the groups'
// latencies is what Dynasor adds. Reports time to first token and inter-token latency (p50, p99) and server CPU per
// 1K tokens. Pair i (one direct stream, one through Dynasor) starts at i/N of --ramp-ms: a burst would queue every
// relayed request behind every direct one at the engine's admission, so TTFT would show the engine's step time, not
// Dynasor's delay; with spread starts the mean TTFT difference is Dynasor's delay. --aa runs the second group directly
// too: the A/A difference is the measurement's noise floor.
// `programs`: the live scheduling load test (issue 4): Poisson SC programs through `dynasor serve` per scheduler.
if (args is ["programs", .. var programArgs])
    return await ProgramLoad.RunAsync(ProgramLoadOptions.Parse(programArgs));
var options = LoadOptions.Parse(args);
var culture = CultureInfo.InvariantCulture;
var scale = options.TimeScale.ToString(culture);
// Room for both groups in one batch, so neither waits in the engine's queue.
var batch = (2 * options.Streams).ToString(culture);
await using var engine = await ChildServer.StartAsync("sim-engine", "--port", "0", "--seed", options.Seed.ToString(culture), "--time-scale", scale, "--max-batch", batch);
await using var dynasor = await ChildServer.StartAsync("serve", "--port", "0", "--upstream", engine.Url + "/v1");
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { Timeout = Timeout.InfiniteTimeSpan };
var secondUrl = options.AaTest ? engine.Url : dynasor.Url;

Console.WriteLine($"engine {engine.Url}, dynasor {dynasor.Url}; {options.Streams} + {options.Streams} streams x {options.MaxTokens} tokens, {options.Rounds} rounds, time scale {scale}{(options.AaTest ? ", A/A (both groups direct)" : "")}");
// Warm-up at full concurrency: JIT, and every connection of both pools (client to server, Dynasor to engine) open.
await RunRoundAsync(null, null, 16);
var direct = new PhaseResult("direct");
var through = new PhaseResult(options.AaTest ? "direct (A/A)" : "through Dynasor");
for (var round = 0; round < options.Rounds; round++)
    await RunRoundAsync(direct, through, options.MaxTokens);

Console.WriteLine();
Console.WriteLine($"{"path",-16} {"TTFT mean",10} {"TTFT p50",10} {"TTFT p99",10} {"ITL p50",10} {"ITL p99",10} {"tokens",9} {"CPU ms/1K tok",14}");
foreach (var p in new[] { direct, through })
    Console.WriteLine(string.Create(culture, $"{p.Name,-16} {p.TtftMean,10:F2} {p.Ttft(0.5),10:F2} {p.Ttft(0.99),10:F2} {p.Itl(0.5),10:F3} {p.Itl(0.99),10:F3} {p.Tokens,9} {p.CpuMsPer1KTokens,14:F1}"));
Console.WriteLine($"added: TTFT mean {Signed(through.TtftMean - direct.TtftMean, 2)} ms, p50 {Signed(through.Ttft(0.5) - direct.Ttft(0.5), 2)} ms, "
    + $"p99 {Signed(through.Ttft(0.99) - direct.Ttft(0.99), 2)} ms; ITL p50 {Signed(through.Itl(0.5) - direct.Itl(0.5), 3)} ms, "
    + $"p99 {Signed(through.Itl(0.99) - direct.Itl(0.99), 3)} ms (target: p99 < 1 ms)");
Console.WriteLine("(CPU: the engine process per token it generated for 'direct'; the Dynasor process alone per token it relayed for 'through Dynasor')");
return 0;

string Signed(double value, int decimals) => (value < 0 ? "-" : "+") + Math.Abs(value).ToString("F" + decimals, culture);

async Task RunRoundAsync(PhaseResult? first, PhaseResult? second, int maxTokens)
{
    var (engineCpu, dynasorCpu) = (engine.CpuTime, dynasor.CpuTime);
    // Interleave the two groups' starts so neither gets a head start in the engine's admission order.
    var tasks = Enumerable.Range(0, 2 * options.Streams)
        .Select(i => Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(options.RampMs * (i / 2) / (double)options.Streams));
            return await StreamTiming.RunAsync(http, i % 2 == 0 ? engine.Url : secondUrl, i / 2, maxTokens, i % 2 == 1 && !options.AaTest, CancellationToken.None);
        }))
        .ToArray();
    var results = await Task.WhenAll(tasks);
    var engineUsed = engine.CpuTime - engineCpu;
    var dynasorUsed = dynasor.CpuTime - dynasorCpu;
    // The engine's CPU is split over both groups' tokens; 'direct' reports it per token generated.
    first?.Add(results.Where((_, i) => i % 2 == 0), engineUsed / 2);
    second?.Add(results.Where((_, i) => i % 2 == 1), options.AaTest ? engineUsed / 2 : dynasorUsed);
}
