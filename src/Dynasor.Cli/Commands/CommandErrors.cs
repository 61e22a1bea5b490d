using System.Net.Sockets;
using System.Text.Json;
using Dynasor.Server.OpenAi;
using Dynasor.Server.Upstream;
using Dynasor.Traces;

namespace Dynasor.Cli.Commands;

/// <summary>
/// Turns every failure of a command into one line on standard error. Failures a user can cause or fix (bad policy,
/// bad trace, missing or unwritable file, bad setting, an upstream that does not answer) exit with 2; anything else is
/// a bug in dynasor and exits with 1, still in one line, with how to get the stack trace for a report.
/// </summary>
internal static class CommandErrors
{
    public const int UsageError = 2;

    /// <summary>The exit code of a failure that is a bug in dynasor, not in its input.</summary>
    public const int InternalError = 1;

    /// <summary>Set to 1 to print the stack trace of an internal error after its line.</summary>
    public const string StackTraceVariable = "DYNASOR_STACK_TRACE";

    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e)
        {
            return Report(e, Console.Error);
        }
    }

    /// <summary>The same for an asynchronous command (the servers).</summary>
    public static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e)
        {
            return Report(e, Console.Error);
        }
    }

    /// <summary>Writes the one line for <paramref name="failure"/> and returns the exit code.</summary>
    public static int Report(Exception failure, TextWriter error)
    {
        var e = Unwrap(failure);
        if (IsUserError(e))
        {
            error.WriteLine($"dynasor: error: {OneLine(e.Message)}");
            return UsageError;
        }
        if (e is OperationCanceledException)
        {
            error.WriteLine("dynasor: cancelled before the command finished");
            return UsageError;
        }
        // Not the user's doing: one line still, with what a bug report needs and how to get the rest.
        var at = e.TargetSite is { } site ? $" in {site.DeclaringType?.Name}.{site.Name}" : "";
        error.WriteLine($"dynasor: internal error: {OneLine(e.Message)} ({e.GetType().Name}{at}); this is a bug in dynasor, please report it with the command line (set {StackTraceVariable}=1 to print the stack trace)");
        if (Environment.GetEnvironmentVariable(StackTraceVariable) == "1")
            error.WriteLine(failure);
        return InternalError;
    }

    // Parallel loops and sync-over-async wrap the failure that matters; a single inner exception is that failure.
    private static Exception Unwrap(Exception e)
    {
        while (e is AggregateException { InnerExceptions.Count: 1 } aggregate)
            e = aggregate.InnerExceptions[0];
        return e;
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static bool IsUserError(Exception e) =>
        e is ArgumentException or TraceFormatException or IOException or UnauthorizedAccessException or JsonException
            or UpstreamException or OpenAiException or HttpRequestException or SocketException or TimeoutException;
}
