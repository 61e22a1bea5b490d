using System.Diagnostics;

namespace Dynasor.LoadGen;

/// <summary>A <c>dynasor</c> server process (sim-engine or serve) started from the CLI of the same build.</summary>
internal sealed class ChildServer : IAsyncDisposable
{
    private readonly Process _process;

    private ChildServer(Process process, string url) => (_process, Url) = (process, url);

    /// <summary>The root URL the server printed.</summary>
    public string Url { get; }

    /// <summary>CPU time the process has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<ChildServer> StartAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(CliPath());
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        // Server GC and tiered PGO as a deployment would run them.
        info.Environment["DOTNET_gcServer"] = "1";
        var process = Process.Start(info)!;
        var line = await process.StandardOutput.ReadLineAsync() ?? "";
        if (!line.StartsWith("listening on ", StringComparison.Ordinal))
            throw new InvalidOperationException($"dynasor {string.Join(' ', args)} did not start: '{line}'");
        // Keep draining the banner so the child never blocks on a full pipe.
        _ = process.StandardOutput.ReadToEndAsync();
        return new ChildServer(process, line["listening on ".Length..]);
    }

    // The generator runs from bench/Dynasor.LoadGen/bin/CONFIG/net10.0/; the CLI builds to src/Dynasor.Cli/bin/CONFIG/net10.0/.
    private static string CliPath()
    {
        var build = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = build.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        return Path.Combine(root, "src", "Dynasor.Cli", "bin", build.Parent.Name, build.Name, "Dynasor.Cli.dll");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
