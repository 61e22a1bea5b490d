using Dynasor.Policies;
using Dynasor.Traces;

namespace Dynasor.Cli.Commands;

/// <summary>
/// Turns the failures a user can cause (bad policy, bad trace, missing file, bad setting) into one clear line on
/// standard error and exit code 2. Anything else is a bug and keeps its stack trace.
/// </summary>
internal static class CommandErrors
{
    public const int UsageError = 2;

    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (IsUserError(e))
        {
            Console.Error.WriteLine($"dynasor: error: {e.Message}");
            return UsageError;
        }
    }

    /// <summary>The same for an asynchronous command (the servers).</summary>
    public static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (IsUserError(e))
        {
            Console.Error.WriteLine($"dynasor: error: {e.Message}");
            return UsageError;
        }
    }

    private static bool IsUserError(Exception e) =>
        e is PolicySpecException or TraceFormatException or FileNotFoundException or DirectoryNotFoundException or ArgumentException or IOException or UnauthorizedAccessException;
}
