using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace Dynasor.Cli.Commands;

/// <summary>
/// Number options whose range is checked while the command line is parsed, so a bad value fails before anything
/// runs, in the option's own terms: <c>--questions 0 is out of range; use 1..100000 (for example 1318)</c>. The range
/// is also stated in the option's help.
/// </summary>
internal static class RangeOption
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A whole-number option in <paramref name="min"/>..<paramref name="max"/>.</summary>
    public static Option<int> Int(string name, string description, int defaultValue, int min, int max) => new(name)
    {
        Description = $"{description} {min.ToString(Inv)}..{max.ToString(Inv)}.",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens[^1].Value;
            var range = $"use {min.ToString(Inv)}..{max.ToString(Inv)} (for example {defaultValue.ToString(Inv)})";
            if (!BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, Inv, out var value))
                return Fail<int>(result, $"{name} '{text}' is not a whole number; {range}");
            if (value < min || value > max)
                return Fail<int>(result, $"{name} {text} is out of range; {range}");
            return (int)value;
        },
    };

    /// <summary>
    /// A whole-number option in <paramref name="min"/>..<paramref name="max"/> that may be left out (null), when leaving it
    /// out means something else than any one value; <paramref name="example"/> is the value the message suggests.
    /// </summary>
    public static Option<int?> OptionalInt(string name, string description, int example, int min, int max) => new(name)
    {
        Description = $"{description} {min.ToString(Inv)}..{max.ToString(Inv)}.",
        CustomParser = result =>
        {
            var text = result.Tokens[^1].Value;
            var range = $"use {min.ToString(Inv)}..{max.ToString(Inv)} (for example {example.ToString(Inv)})";
            if (!BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, Inv, out var value))
                return Fail<int?>(result, $"{name} '{text}' is not a whole number; {range}");
            if (value < min || value > max)
                return Fail<int?>(result, $"{name} {text} is out of range; {range}");
            return (int)value;
        },
    };

    /// <summary>
    /// A number option from <paramref name="min"/> (excluded when <paramref name="minExcluded"/>) to
    /// <paramref name="max"/>.
    /// </summary>
    public static Option<double> Double(string name, string description, double defaultValue, double min, double max, bool minExcluded = false) => new(name)
    {
        Description = $"{description} {Words(min, max, minExcluded)}.",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens[^1].Value;
            var range = $"use {Words(min, max, minExcluded)} (for example {defaultValue.ToString(Inv)})";
            if (!double.TryParse(text, NumberStyles.Float, Inv, out var value) || double.IsNaN(value))
                return Fail<double>(result, $"{name} '{text}' is not a number; {range}");
            if ((minExcluded ? value <= min : value < min) || value > max)
                return Fail<double>(result, $"{name} {text} is out of range; {range}");
            return value;
        },
    };

    private static string Words(double min, double max, bool minExcluded) => minExcluded
        ? $"a number above {min.ToString(Inv)}, at most {max.ToString(Inv)}"
        : $"a number from {min.ToString(Inv)} to {max.ToString(Inv)}";

    private static T Fail<T>(ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }
}
