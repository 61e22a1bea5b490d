using System.CommandLine;
using Dynasor.Server.Hosting;

namespace Dynasor.Cli.Commands;

/// <summary>
/// Runs a web app from <c>serve</c> or <c>sim-engine</c> until Ctrl+C: the first line on standard output is
/// <c>listening on URL</c> (tests and scripts read it; with <c>--port 0</c> it has the real port), then the banner.
/// </summary>
internal static class ServerRunner
{
    public static Task<int> RunAsync(ServerOptions options, ServedEngine engine, Func<string, string> banner, CancellationToken cancellationToken) =>
        RunAsync(options, [engine], banner, cancellationToken);

    /// <summary>Runs a server over one or more engine replicas.</summary>
    public static async Task<int> RunAsync(ServerOptions options, IReadOnlyList<ServedEngine> replicas, Func<string, string> banner, CancellationToken cancellationToken)
    {
        await using var app = DynasorServer.Build(options, replicas);
        string url;
        try
        {
            url = await DynasorServer.StartAsync(app, cancellationToken);
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            throw new ArgumentException($"--port {options.Port} on {options.Host} is in use by another process; pick another with --port (0 picks a free one).");
        }
        Console.Out.WriteLine($"listening on {url}");
        Console.Out.Write(banner(url));
        await WriteDialectsAsync(replicas, cancellationToken);
        if (options.Role == ServerRole.Dynasor)
            Console.Out.WriteLine(replicas[0].Rewards?.Describe() ?? "reward model: none; the reward modes (rebase, mcts, bon, wsc) are refused until the server is started with --reward-upstream URL");
        Console.Out.Flush();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or SIGTERM: shut down cleanly.
        }
        await app.StopAsync(CancellationToken.None);
        return 0;
    }

    // One line per HTTP upstream: the dialect it speaks (configured or detected), so an operator sees what was assumed.
    private static async Task WriteDialectsAsync(IReadOnlyList<ServedEngine> replicas, CancellationToken cancellationToken)
    {
        foreach (var upstream in replicas.Select(r => r.Upstream).OfType<Dynasor.Server.Upstream.UpstreamEngine>())
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TimeSpan.FromSeconds(10));
            string line;
            try
            {
                var dialect = await upstream.DialectAsync(wait.Token);
                var how = upstream.Options.Dialect is null ? "detected" : "configured";
                line = $"upstream {upstream.Options.BaseUrl}: {dialect.Name} ({how}); reasoning under '{dialect.ReasoningField}', "
                    + (dialect.Tokens is null ? "Dynasor-CoT continues by prefill" : "Dynasor-CoT continues on token ids");
            }
            catch (Exception e) when (e is Dynasor.Server.Upstream.UpstreamException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                line = $"upstream {upstream.Options.BaseUrl}: not reachable yet; its dialect is detected when it answers";
            }
            Console.Out.WriteLine(line);
        }
        Console.Out.Flush();
    }

    /// <summary>
    /// The <c>--io</c> option of the servers: <c>inline</c> (default) runs socket completions and request handling on
    /// the socket threads, <c>pool</c> hands them to the thread pool as .NET does by default.
    /// </summary>
    public static Option<string> IoOption() => new("--io")
    {
        Description = "inline (default): handle socket I/O on the socket threads, less CPU per relayed token; pool: the thread pool, .NET's default.",
        DefaultValueFactory = _ => "inline",
    };

    /// <summary>
    /// Applies <c>--io</c>: true for inline. Socket completions are switched by an environment variable the runtime reads
    /// when the first socket is used, so this must run before any socket exists (an explicit setting is kept).
    /// </summary>
    public static bool Inline(string io)
    {
        if (io is not ("inline" or "pool"))
            throw new ArgumentException($"--io '{io}' is unknown; use inline or pool.");
        if (io == "inline" && System.Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
            System.Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
        return io == "inline";
    }

    /// <summary>The value of environment variable <paramref name="name"/> (named by <paramref name="option"/>), or a clear error.</summary>
    public static string Environment(string name, string option) =>
        System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new ArgumentException($"{option} {name}: the environment variable {name} is not set or empty; export it first.");
}
