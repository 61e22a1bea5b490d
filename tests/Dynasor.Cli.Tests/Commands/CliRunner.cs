namespace Dynasor.Cli.Tests.Commands;

/// <summary>
/// Runs the dynasor command in process with standard output and error captured. Console redirection is
/// process-wide, so every test that uses it belongs to the non-parallel <see cref="CliCollection"/>.
/// </summary>
internal static class CliRunner
{
    public static (int Exit, string Out, string Error) Run(params string[] args)
    {
        var (oldOut, oldError) = (Console.Out, Console.Error);
        var (output, error) = (new StringWriter(), new StringWriter());
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var exit = Program.Run(args);
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }
}

[CollectionDefinition(nameof(CliCollection), DisableParallelization = true)]
public sealed class CliCollection;
