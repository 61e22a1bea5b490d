using System.CommandLine;
using Dynasor.Cli.Commands;

namespace Dynasor.Cli;

/// <summary>The <c>dynasor</c> command.</summary>
internal static class Program
{
    public static int Main(string[] args) => Run(args);

    /// <summary>Parses and runs; a parse error or a failure prints one clear line on standard error (exit 2, or 1 for a bug).</summary>
    public static int Run(string[] args)
    {
        var root = new RootCommand("Dynasor: serve and evaluate LLM reasoning programs with certaindex-based compute allocation.");
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(CalibrateCommand.Create());
        root.Subcommands.Add(SynthCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(SimEngineCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());

        // '@FILE' names a policy file (--policy @policy.json), so response-file expansion must stay off.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0)
        {
            Console.Error.WriteLine($"dynasor: error: {ParseErrors.Describe(parse, root)}");
            return CommandErrors.UsageError;
        }
        // The servers drain on SIGTERM or Ctrl+C (requests in flight finish, up to their drain timeout): the two seconds
        // System.CommandLine otherwise gives an action before it ends the process would cut every stream.
        var servers = parse.CommandResult.Command.Name is "serve" or "sim-engine";
        try
        {
            // The parser's own handler prints "Unhandled exception" and the stack; every failure gets one line instead.
            return parse.Invoke(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = servers ? TimeSpan.FromHours(1) : TimeSpan.FromSeconds(2),
            });
        }
        catch (Exception e)
        {
            return CommandErrors.Report(e, Console.Error);
        }
    }
}
