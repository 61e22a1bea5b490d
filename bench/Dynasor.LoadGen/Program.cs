using System.Globalization;
using Dynasor.LoadGen;

// Drives N concurrent streams at the simulated engine directly and through Dynasor (mode off) in the same run and
// reports what Dynasor adds: time to first token and inter-token latency (p50, p99), and server CPU per 1K tokens.
// Phases alternate (direct, through, through, direct, ...) so slow drift on a noisy machine hits both paths alike.
var options = LoadOptions.Parse(args);
var culture = CultureInfo.InvariantCulture;
var scale = options.TimeScale.ToString(culture);
await using var engine = await ChildServer.StartAsync("sim-engine", "--port", "0", "--seed", options.Seed.ToString(culture), "--time-scale", scale);
await using var dynasor = await ChildServer.StartAsync("serve", "--port", "0", "--upstream", engine.Url + "/v1");
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { Timeout = Timeout.InfiniteTimeSpan };

Console.WriteLine($"engine {engine.Url}, dynasor {dynasor.Url}; {options.Streams} streams x {options.MaxTokens} tokens, {options.Rounds} rounds, time scale {scale}");
await RunPhaseAsync(engine.Url, false, Math.Min(32, options.Streams), null, engine); // warm-up: JIT, connections
await RunPhaseAsync(dynasor.Url, true, Math.Min(32, options.Streams), null, dynasor);
var direct = new PhaseResult("direct");
var through = new PhaseResult("through Dynasor");
for (var round = 0; round < options.Rounds; round++)
{
    var order = round % 2 == 0 ? new[] { false, true } : [true, false];
    foreach (var viaDynasor in order)
        await RunPhaseAsync(viaDynasor ? dynasor.Url : engine.Url, viaDynasor, options.Streams, viaDynasor ? through : direct, viaDynasor ? dynasor : engine);
}

Console.WriteLine();
Console.WriteLine($"{"path",-16} {"TTFT p50",10} {"TTFT p99",10} {"ITL p50",10} {"ITL p99",10} {"tokens",9} {"server CPU ms/1K tok",22}");
foreach (var p in new[] { direct, through })
    Console.WriteLine(string.Create(culture, $"{p.Name,-16} {p.Ttft(0.5),10:F2} {p.Ttft(0.99),10:F2} {p.Itl(0.5),10:F3} {p.Itl(0.99),10:F3} {p.Tokens,9} {p.CpuMsPer1KTokens,22:F1}"));
Console.WriteLine(string.Create(culture, $"added by Dynasor: TTFT p50 {through.Ttft(0.5) - direct.Ttft(0.5):+0.00;-0.00} ms, p99 {through.Ttft(0.99) - direct.Ttft(0.99):+0.00;-0.00} ms; "
    + $"ITL p50 {through.Itl(0.5) - direct.Itl(0.5):+0.000;-0.000} ms, p99 {through.Itl(0.99) - direct.Itl(0.99):+0.000;-0.000} ms (target: p99 < 1 ms)"));
Console.WriteLine("(server CPU: the engine process for 'direct', the Dynasor process alone for 'through Dynasor')");
return 0;

async Task RunPhaseAsync(string url, bool viaDynasor, int streams, PhaseResult? result, ChildServer measured)
{
    var cpu = measured.CpuTime;
    var results = await Task.WhenAll(Enumerable.Range(0, streams).Select(i => Task.Run(() => StreamTiming.RunAsync(http, url, i, options.MaxTokens, viaDynasor, CancellationToken.None))));
    result?.Add(results, measured.CpuTime - cpu);
}
