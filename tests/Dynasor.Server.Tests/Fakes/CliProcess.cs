using System.Diagnostics;

namespace Dynasor.Server.Tests.Fakes;

/// <summary>The real <c>dynasor</c> CLI (Dynasor.Cli.dll of the same build) as a child process.</summary>
internal sealed class CliProcess : IAsyncDisposable
{
    private readonly Process _process;

    private CliProcess(Process process) => _process = process;

    /// <summary>The URL from the process's first line, <c>listening on URL</c>.</summary>
    public string Url { get; private set; } = "";

    public static string DllPath
    {
        get
        {
            // The test runs from tests/Dynasor.Server.Tests/bin/CONFIG/net10.0/; the CLI builds to src/Dynasor.Cli/bin/CONFIG/net10.0/.
            var build = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var root = build.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(root, "src", "Dynasor.Cli", "bin", build.Parent.Name, build.Name, "Dynasor.Cli.dll");
        }
    }

    /// <summary>Starts <c>dynasor ARGS</c> and waits (at most 60 s) for its <c>listening on</c> line.</summary>
    public static async Task<CliProcess> StartAsync(params string[] args)
    {
        var cli = new CliProcess(Start(args));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var line = await cli._process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line is null || !line.StartsWith("listening on ", StringComparison.Ordinal))
            throw new InvalidOperationException($"dynasor did not start: '{line}' {await cli._process.StandardError.ReadToEndAsync()}");
        cli.Url = line["listening on ".Length..];
        return cli;
    }

    /// <summary>Runs <c>dynasor ARGS</c> to its end; returns exit code and standard error.</summary>
    public static async Task<(int ExitCode, string Error)> RunAsync(params string[] args)
    {
        using var process = Start(args);
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await error);
    }

    private static Process Start(string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(DllPath);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        return Process.Start(info)!;
    }

    /// <summary>Sends SIGTERM (what a container runtime sends to stop a server) and waits at most 60 s for the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
