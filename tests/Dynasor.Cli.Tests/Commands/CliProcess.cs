using System.Diagnostics;

namespace Dynasor.Cli.Tests.Commands;

/// <summary>
/// Runs the real <c>dynasor</c> process (the Dynasor.Cli.dll copied beside the tests) to its end: what a user sees,
/// including anything the runtime prints for an exception that escapes <c>Main</c>.
/// </summary>
internal static class CliProcess
{
    public static async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Dynasor.Cli.dll"));
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        // A hung process fails the test instead of hanging the suite.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await output, await error);
    }
}
