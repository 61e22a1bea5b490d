using System.Diagnostics;

namespace Dynasor.Cli.Tests.Commands;

/// <summary>
/// A real <c>dynasor sim-engine</c> process (the Dynasor.Cli.dll copied beside the tests) serving on a free loopback
/// port; disposing kills it and waits for its exit.
/// </summary>
internal sealed class SimEngineProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SimEngineProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    /// <summary>The server root, from the process's first line (<c>listening on URL</c>).</summary>
    public string Url { get; }

    /// <summary>Starts <c>dynasor sim-engine --port 0 ARGS</c> and waits (at most 60 s) for its <c>listening on</c> line.</summary>
    public static async Task<SimEngineProcess> StartAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "Dynasor.Cli.dll"), "sim-engine", "--port", "0", .. args])
            info.ArgumentList.Add(arg);
        var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line is null || !line.StartsWith("listening on ", StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"dynasor sim-engine did not start: '{line}' {await process.StandardError.ReadToEndAsync()}");
        }
        return new SimEngineProcess(process, line["listening on ".Length..].TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
