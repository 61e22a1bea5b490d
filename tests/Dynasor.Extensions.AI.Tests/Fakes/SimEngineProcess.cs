using System.Diagnostics;

namespace Dynasor.Extensions.AI.Tests.Fakes;

/// <summary>The real <c>dynasor sim-engine</c> (Dynasor.Cli.dll of the same build) as a child process on a free loopback port.</summary>
internal sealed class SimEngineProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SimEngineProcess(Process process, string url) => (_process, Url) = (process, url);

    /// <summary>The URL from the process's first line, <c>listening on URL</c>.</summary>
    public string Url { get; }

    /// <summary>Starts <c>dynasor sim-engine --port 0 ARGS</c> and waits (at most 60 s) for its <c>listening on</c> line.</summary>
    public static async Task<SimEngineProcess> StartAsync(params string[] args)
    {
        // The test runs from tests/Dynasor.Extensions.AI.Tests/bin/CONFIG/net10.0/; the CLI builds to src/Dynasor.Cli/bin/CONFIG/net10.0/.
        var build = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = build.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(root, "src", "Dynasor.Cli", "bin", build.Parent.Name, build.Name, "Dynasor.Cli.dll"), "sim-engine", "--port", "0" }.Concat(args))
            info.ArgumentList.Add(arg);
        var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line is null || !line.StartsWith("listening on ", StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"dynasor sim-engine did not start: '{line}' {await process.StandardError.ReadToEndAsync()}");
        }
        return new SimEngineProcess(process, line["listening on ".Length..]);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
