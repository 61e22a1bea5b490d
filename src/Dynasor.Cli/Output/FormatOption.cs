using System.CommandLine;
using Dynasor.Cli.Commands;

namespace Dynasor.Cli.Output;

/// <summary>
/// The <c>--format</c> option of a command, taking only the formats that command prints, in lower case; a wrong value
/// is refused while parsing with the list of those formats.
/// </summary>
internal static class FormatOption
{
    public static Option<ResultFormat> Create(string command, params ResultFormat[] accepted)
    {
        var names = accepted.Select(Name).ToList();
        var list = ParseErrors.Alternatives(names);
        return new Option<ResultFormat>("--format")
        {
            Description = $"Output format: {list}.",
            DefaultValueFactory = _ => ResultFormat.Table,
            CustomParser = result =>
            {
                var text = result.Tokens[^1].Value;
                var chosen = accepted.Where(f => string.Equals(Name(f), text, StringComparison.OrdinalIgnoreCase)).ToList();
                if (chosen.Count == 1)
                    return chosen[0];
                result.AddError(Enum.GetValues<ResultFormat>().Any(f => string.Equals(Name(f), text, StringComparison.OrdinalIgnoreCase))
                    ? $"--format {text} is not supported by {command}; use {list}"
                    : $"--format '{text}' is unknown; use {list}");
                return ResultFormat.Table;
            },
        };
    }

    public static string Name(ResultFormat format) => format.ToString().ToLowerInvariant();
}
