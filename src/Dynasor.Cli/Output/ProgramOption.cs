using System.CommandLine;
using Dynasor.Replay;

namespace Dynasor.Cli.Output;

/// <summary>
/// The <c>--program</c> option: the multi-path program questions run as (<c>sc</c>, <c>wsc</c>, <c>bon</c>, <c>mcts</c>), in any
/// case; a wrong name is refused while parsing with the list of programs.
/// </summary>
internal static class ProgramOption
{
    private const string Names = "sc (self-consistency: majority, entropy certaindex), wsc (reward-weighted vote, reward-share certaindex), bon (best-of-N: best-rewarded sample, max-reward certaindex) or mcts (iterations recorded by eval --mode mcts --write-trace, kept in search order: best-rewarded path, mean-reward certaindex)";

    /// <summary>An option taking one program or several (replay runs each), <c>sc</c> when left out.</summary>
    public static Option<ReplayProgram[]> Many() => new("--program")
    {
        HelpName = "sc|wsc|bon|mcts",
        Description = $"Programs the questions run as, one or several: {Names}; wsc, bon and mcts need \"reward\" on every sample.",
        AllowMultipleArgumentsPerToken = true,
        DefaultValueFactory = _ => [ReplayProgram.Sc],
        CustomParser = result =>
        {
            var programs = new List<ReplayProgram>();
            foreach (var token in result.Tokens)
            {
                if (Find(token.Value) is not { } program)
                {
                    result.AddError(Unknown(token.Value));
                    return [];
                }
                if (!programs.Contains(program))
                    programs.Add(program);
            }
            return [.. programs];
        },
    };

    /// <summary>An option taking one program, <c>sc</c> when left out.</summary>
    public static Option<ReplayProgram> One() => new("--program")
    {
        HelpName = "sc|wsc|bon|mcts",
        Description = $"Program the questions run as: {Names}; wsc, bon and mcts need \"reward\" on every sample.",
        DefaultValueFactory = _ => ReplayProgram.Sc,
        CustomParser = result =>
        {
            var text = result.Tokens[^1].Value;
            if (Find(text) is { } program)
                return program;
            result.AddError(Unknown(text));
            return ReplayProgram.Sc;
        },
    };

    private static ReplayProgram? Find(string text) =>
        ReplayProgram.All.FirstOrDefault(p => p.Name.Equals(text.Trim(), StringComparison.OrdinalIgnoreCase));

    private static string Unknown(string text) => $"--program '{text}' is unknown; use sc, wsc, bon or mcts";
}
