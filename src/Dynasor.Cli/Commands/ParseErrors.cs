using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace Dynasor.Cli.Commands;

/// <summary>
/// Says what is wrong with a command line in the user's terms: which commands exist, which values an option takes,
/// the range of a number. The parser's own messages name .NET types (<c>System.Int32</c>, an enum's full name) and
/// say only "Required command was not provided" for a mistyped command.
/// </summary>
internal static class ParseErrors
{
    /// <summary>One line (without the <c>dynasor: error:</c> prefix) for the first error of <paramref name="parse"/>.</summary>
    public static string Describe(ParseResult parse, RootCommand root)
    {
        var commands = string.Join(", ", root.Subcommands.Select(c => c.Name));
        if (parse.CommandResult.Command == root)
        {
            if (parse.UnmatchedTokens.FirstOrDefault() is not { } token)
                return $"no command given; the commands are {commands} (see 'dynasor --help')";
            return token.StartsWith('-')
                ? $"'{token}' is not an option of dynasor; give a command first: {commands} (see 'dynasor --help')"
                : $"unknown command '{token}'; the commands are {commands} (see 'dynasor --help')";
        }

        var command = $"dynasor {parse.CommandResult.Command.Name}";
        if (parse.UnmatchedTokens.FirstOrDefault() is { } unmatched)
            return $"'{unmatched}' is not an option or value of '{command}' (see '{command} --help')";
        var error = parse.Errors[0];
        // An option's own check (RangeOption, a list of accepted values) already speaks in its terms and starts with its name.
        if (error.SymbolResult is OptionResult { Tokens.Count: > 0 } option && !error.Message.StartsWith(option.Option.Name, StringComparison.Ordinal)
            && Conversion(option.Option.ValueType, option.Option.Name, option.Tokens[^1].Value) is { } message)
            return $"{message} (see '{command} --help')";
        var first = error.Message.Split('\n', StringSplitOptions.TrimEntries)[0];
        return $"{first} (see '{command} --help')";
    }

    // Only when the value really does not convert to the option's type; any other error keeps the parser's message.
    private static string? Conversion(Type type, string option, string value)
    {
        type = Nullable.GetUnderlyingType(type) ?? (type.IsArray ? type.GetElementType()! : type);
        if (type.IsEnum && !Enum.TryParse(type, value, ignoreCase: true, out _))
            return $"{option} '{value}' is unknown; use {Alternatives(Enum.GetNames(type).Select(n => n.ToLowerInvariant()).ToList())}";
        if (type == typeof(int) && !int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            return Number(option, value, "a whole number", int.MinValue, int.MaxValue);
        if (type == typeof(long) && !long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            return Number(option, value, "a whole number", long.MinValue, long.MaxValue);
        if (type == typeof(double) && !(double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)))
            return $"{option} '{value}' is not a number; use a decimal number such as 0.5";
        return null;
    }

    private static string Number(string option, string value, string kind, BigInteger min, BigInteger max) =>
        BigInteger.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
            ? $"{option} {value} is out of range; use {kind} from {min} to {max}"
            : $"{option} '{value}' is not {kind}; use {kind} from {min} to {max}";

    /// <summary><c>a</c>, <c>a or b</c>, <c>a, b or c</c>.</summary>
    public static string Alternatives(IReadOnlyList<string> names) =>
        names.Count <= 1 ? string.Concat(names) : $"{string.Join(", ", names.Take(names.Count - 1))} or {names[^1]}";
}
