using System.Globalization;
using System.Runtime.InteropServices;
using Dynasor.LoadGen;

// Drives N concurrent streams at the simulated engine directly, N through Dynasor (mode off) and, where nginx is
// installed, N through nginx (a plain reverse proxy, the reference) at the same time, so all groups ride the same
// engine steps and share the machine's noise; a proxy group's difference from the direct group is what that proxy
// adds. Reports time to first token and inter-token latency (p50, p99) and server CPU per 1K tokens. Stream i of
// every group starts at i/N of --ramp-ms: a burst would queue every proxied request behind every direct one at the
// engine's admission, so TTFT would show the engine's step time, not the proxy's delay; with spread starts the mean
// TTFT difference is the proxy's delay. --aa runs the Dynasor group directly too: the A/A difference is the
// measurement's noise floor.
// `programs`: the live scheduling load test (issue 4): Poisson SC programs through `dynasor serve` per scheduler.
if (args is ["programs", .. var programArgs])
    return await ProgramLoad.RunAsync(ProgramLoadOptions.Parse(programArgs));
var options = LoadOptions.Parse(args);
var culture = CultureInfo.InvariantCulture;
var scale = options.TimeScale.ToString(culture);
var nginxPath = options.NoNginx ? null : NginxServer.Find();
if (nginxPath is null)
    Console.WriteLine($"nginx group skipped: {(options.NoNginx ? "--no-nginx" : NginxServer.NotFound)}");
var groupCount = nginxPath is null ? 2 : 3;

// Ctrl+C and SIGTERM cancel the run instead of ending the process at once, so the servers below are disposed: nginx
// and the dynasor children would otherwise outlive the generator. A second signal ends the process as usual.
using var stop = new CancellationTokenSource();
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

// Room for every group in one batch, so none waits in the engine's queue.
var batch = (groupCount * options.Streams).ToString(culture);
await using var engine = await ChildServer.StartAsync("sim-engine", "--port", "0", "--seed", options.Seed.ToString(culture), "--time-scale", scale, "--max-batch", batch);
await using var dynasor = await ChildServer.StartAsync("serve", "--port", "0", "--upstream", engine.Url + "/v1", "--io", options.Io);
await using var nginx = nginxPath is null ? null : await NginxServer.StartAsync(nginxPath, engine.Url, stop.Token);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { Timeout = Timeout.InfiniteTimeSpan };
List<LoadGroup> groups =
[
    new("direct", engine.Url, DynasorField: false, ProxyCpu: null),
    options.AaTest ? new("direct (A/A)", engine.Url, false, null) : new("through Dynasor", dynasor.Url, true, () => dynasor.CpuTime),
];
if (nginx is not null)
    groups.Add(new("through nginx", nginx.Url, false, () => nginx.CpuTime));

Console.WriteLine($"engine {engine.Url}, dynasor {dynasor.Url}{(nginx is null ? "" : $", nginx {nginx.Url}")}; {groupCount} x {options.Streams} streams x {options.MaxTokens} tokens, "
    + $"{options.Rounds} rounds, time scale {scale}{(options.AaTest ? ", A/A (Dynasor group direct)" : "")}");
try
{
    // Warm-up at full concurrency and full length, not measured: every connection of every pool (client to server,
    // proxy to engine) open, and the .NET processes past tiered compilation (a short warm-up left the JIT recompiling hot
    // methods in the measured rounds, 8% of Dynasor's samples in a profile): the figures are the steady state.
    for (var round = 0; round < options.WarmupRounds; round++)
        await RunRoundAsync(measure: false, options.MaxTokens);
    for (var round = 0; round < options.Rounds; round++)
        await RunRoundAsync(measure: true, options.MaxTokens);
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("cancelled; stopping the servers");
    return 130;
}

LoadReport.Print(groups.ConvertAll(g => g.Result), options.AaTest ? null : groups[1].Result, nginx is null ? null : groups[2].Result);
return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = !stop.IsCancellationRequested;
    stop.Cancel();
}

async Task RunRoundAsync(bool measure, int maxTokens)
{
    var engineCpu = engine.CpuTime;
    var proxyCpu = groups.ConvertAll(g => g.ProxyCpu?.Invoke() ?? TimeSpan.Zero);
    // Interleave the groups' starts so none gets a head start in the engine's admission order. Every group sends
    // stream i the same body (same prompt and seed), so all generate the same tokens; only Dynasor's adds its field.
    var tasks = Enumerable.Range(0, groupCount * options.Streams)
        .Select(i => Task.Run(async () =>
        {
            var group = groups[i % groupCount];
            await Task.Delay(TimeSpan.FromMilliseconds(options.RampMs * (i / groupCount) / (double)options.Streams), stop.Token);
            return await StreamTiming.RunAsync(http, group.Url, i / groupCount, maxTokens, group.DynasorField, stop.Token);
        }))
        .ToArray();
    var results = await Task.WhenAll(tasks);
    if (!measure)
        return;
    var engineUsed = engine.CpuTime - engineCpu;
    for (var g = 0; g < groupCount; g++)
    {
        // The engine's CPU is split over every group's tokens; a direct group reports it per token generated.
        var cpu = groups[g].ProxyCpu is { } proxy ? proxy() - proxyCpu[g] : engineUsed / groupCount;
        groups[g].Result.Add(results.Where((_, i) => i % groupCount == g), cpu);
    }
}
