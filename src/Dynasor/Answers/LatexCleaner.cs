namespace Dynasor.Answers;

/// <summary>
/// One left-to-right pass over a lower-cased answer that drops LaTeX and typographic noise
/// (math delimiters, <c>\left</c>/<c>\right</c>, thin spaces, degree signs, currency signs) and unwraps
/// text-like wrappers such as <c>\text{...}</c>, keeping every other brace so fractions stay parseable.
/// </summary>
/// <remarks>
/// Linear in the input: each character is looked at a bounded number of times and the only state is a
/// stack of open braces. The pass never creates a token it would itself remove: whenever something is
/// dropped between a command word and a letter a space is written instead, so <c>\le$ft</c> cannot turn
/// into <c>\left</c>. That property is what makes <see cref="AnswerKey.Of"/> idempotent.
/// </remarks>
internal static class LatexCleaner
{
    // Commands that carry no meaning for an answer's value.
    private static readonly HashSet<string> Dropped = new(StringComparer.Ordinal)
    {
        "left", "right", "big", "bigl", "bigr", "bigm", "bigg", "biggl", "biggr", "displaystyle", "textstyle",
        "circ", "degree", "limits", "nolimits",
    };

    // Wrappers whose argument is kept and whose braces are not.
    private static readonly HashSet<string> Unwrapped = new(StringComparer.Ordinal)
    {
        "text", "textbf", "textit", "textrm", "texttt", "textsf", "textnormal", "mbox", "hbox", "mathrm",
        "mathbf", "mathit", "mathsf", "mathtt", "mathnormal", "operatorname", "boxed", "fbox", "emph",
    };

    private static readonly HashSet<string> Spacing = new(StringComparer.Ordinal) { "quad", "qquad" };

    private static readonly HashSet<string> FractionAliases = new(StringComparer.Ordinal) { "dfrac", "tfrac", "cfrac" };

    /// <summary>Cleans <paramref name="s"/>, which the caller has already lower-cased.</summary>
    public static string Clean(string s)
    {
        var output = new LatexWriter(s.Length);
        // true for a brace opened by an unwrapped command: its closing brace is dropped.
        var dropClose = new List<bool>();
        int n = s.Length;
        int i = 0;
        while (i < n)
        {
            char c = s[i];
            switch (c)
            {
                case '\\':
                    i = Command(s, i, output, dropClose);
                    break;
                case '{':
                    dropClose.Add(false);
                    output.Char('{');
                    i++;
                    break;
                case '}':
                    if (dropClose.Count > 0)
                    {
                        bool drop = dropClose[^1];
                        dropClose.RemoveAt(dropClose.Count - 1);
                        if (!drop)
                        {
                            output.Char('}');
                        }
                    }
                    else
                    {
                        output.Char('}');
                    }

                    i++;
                    break;
                case '^':
                    int afterDegree = SkipDegree(s, i + 1);
                    if (afterDegree < 0)
                    {
                        output.Char('^');
                        i++;
                    }
                    else
                    {
                        i = afterDegree;
                        SeparateUnit(s, i, output);
                    }

                    break;
                case '°':
                    i++;
                    SeparateUnit(s, i, output);
                    break;
                case '$' or '€' or '£' or '¥' or '₹':
                    i++;
                    break;
                case '\u2212' or '\u2013':
                    output.Char('-');
                    i++;
                    break;
                case '~':
                    output.Char(' ');
                    i++;
                    break;
                default:
                    output.Char(char.IsWhiteSpace(c) ? ' ' : c);
                    i++;
                    break;
            }
        }

        return output.ToString();
    }

    // Handles the backslash at s[i]; returns the index just after what it consumed.
    private static int Command(string s, int i, LatexWriter output, List<bool> dropClose)
    {
        int n = s.Length;
        if (i + 1 >= n)
        {
            output.Raw('\\');
            return i + 1;
        }

        char next = s[i + 1];
        if (!char.IsAsciiLetter(next))
        {
            switch (next)
            {
                case ',' or '!' or ';' or ':' or '>' or '$' or '{' or '}' or '(' or ')' or '[' or ']':
                    // Thin spaces vanish (so 10\,000 stays a number); escaped braces and math delimiters are noise.
                    break;
                case '%':
                    output.Char('%');
                    break;
                case '\\':
                    output.Char(' ');
                    break;
                default:
                    if (char.IsWhiteSpace(next))
                    {
                        output.Char(' ');
                    }
                    else
                    {
                        output.Pair(next);
                    }

                    break;
            }

            return i + 2;
        }

        int end = i + 1;
        while (end < n && char.IsAsciiLetter(s[end]))
        {
            end++;
        }

        string name = s.Substring(i + 1, end - i - 1);
        if (Dropped.Contains(name))
        {
            return end;
        }

        if (Spacing.Contains(name))
        {
            output.Char(' ');
            return end;
        }

        if (Unwrapped.Contains(name))
        {
            int k = end;
            while (k < n && char.IsWhiteSpace(s[k]))
            {
                k++;
            }

            if (k < n && s[k] == '{')
            {
                dropClose.Add(true);
                // The space keeps 5\text{cm} apart as "5 cm", which reads as a number with a unit.
                output.Char(' ');
                return k + 1;
            }

            return end;
        }

        output.Command(FractionAliases.Contains(name) ? "frac" : name);
        return end;
    }

    // If s[start..] is a degree mark written as ^\circ, ^{\circ} (spaces allowed), returns the index after it; else -1.
    private static int SkipDegree(string s, int start)
    {
        int k = SkipSpaces(s, start);
        bool braced = k < s.Length && s[k] == '{';
        if (braced)
        {
            k = SkipSpaces(s, k + 1);
        }

        if (!s.AsSpan(k).StartsWith("\\circ", StringComparison.Ordinal)
            || (k + 5 < s.Length && char.IsAsciiLetter(s[k + 5])))
        {
            return -1;
        }

        k += 5;
        if (braced)
        {
            k = SkipSpaces(s, k);
            if (k >= s.Length || s[k] != '}')
            {
                return -1;
            }

            k++;
        }

        return k;
    }

    // 90°C reads as "90 c", a number with a unit, rather than the word "90c".
    private static void SeparateUnit(string s, int next, LatexWriter output)
    {
        if (next < s.Length && char.IsLetter(s[next]))
        {
            output.Char(' ');
        }
    }

    private static int SkipSpaces(string s, int k)
    {
        while (k < s.Length && char.IsWhiteSpace(s[k]))
        {
            k++;
        }

        return k;
    }
}
