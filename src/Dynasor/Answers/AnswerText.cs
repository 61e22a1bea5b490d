using System.Text;

namespace Dynasor.Answers;

/// <summary>
/// Linear, idempotent text passes used by <see cref="AnswerKey"/> after <see cref="LatexCleaner"/>:
/// spacing, brace removal and trimming of surrounding punctuation.
/// </summary>
internal static class AnswerText
{
    /// <summary>
    /// Collapses whitespace runs: a run between two letters or digits becomes one space (so "new york" and
    /// <c>\pi r</c> keep their words apart), any other run disappears (so "4a - 2" becomes "4a-2").
    /// </summary>
    public static string NormalizeSpacing(string s)
    {
        var builder = new StringBuilder(s.Length);
        bool pendingSpace = false;
        foreach (char c in s)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace && builder.Length > 0 && char.IsLetterOrDigit(builder[^1]) && char.IsLetterOrDigit(c))
            {
                builder.Append(' ');
            }

            pendingSpace = false;
            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>
    /// Removes every unescaped brace. A space is written where removing a brace would glue a letter onto a
    /// command name (<c>\pi{}r</c> becomes <c>\pi r</c>, not the different command <c>\pir</c>).
    /// </summary>
    public static string DropBraces(string s)
    {
        if (s.AsSpan().IndexOfAny('{', '}') < 0)
        {
            return s;
        }

        var builder = new StringBuilder(s.Length);
        bool afterCommandWord = false;
        int n = s.Length;
        int i = 0;
        while (i < n)
        {
            char c = s[i];
            if (c == '\\')
            {
                if (i + 1 < n && char.IsAsciiLetter(s[i + 1]))
                {
                    int end = i + 1;
                    while (end < n && char.IsAsciiLetter(s[end]))
                    {
                        end++;
                    }

                    builder.Append(s, i, end - i);
                    afterCommandWord = true;
                    i = end;
                }
                else
                {
                    // A backslash always takes the next character with it, exactly as LatexCleaner reads it.
                    int length = Math.Min(2, n - i);
                    builder.Append(s, i, length);
                    afterCommandWord = false;
                    i += length;
                }

                continue;
            }

            if (c is '{' or '}')
            {
                i++;
                continue;
            }

            if (afterCommandWord && char.IsAsciiLetter(c))
            {
                builder.Append(' ');
            }

            builder.Append(c);
            afterCommandWord = false;
            i++;
        }

        return builder.ToString();
    }

    /// <summary>
    /// Trims whitespace and punctuation that only frames an answer: quotes, markdown asterisks, colons and
    /// list separators on both ends, and sentence-ending periods or question marks at the end. A leading
    /// period is kept because ".5" is a number; "!" is kept because "5!" is one.
    /// </summary>
    public static string Strip(string s)
    {
        int start = 0;
        int end = s.Length;
        while (start < end && IsLeadingNoise(s[start]))
        {
            start++;
        }

        while (end > start && IsTrailingNoise(s[end - 1]))
        {
            end--;
        }

        return start == 0 && end == s.Length ? s : s[start..end];
    }

    private static bool IsLeadingNoise(char c) => c is ' ' or ':' or ',' or ';' or '*' or '"' or '\'' or '`';

    private static bool IsTrailingNoise(char c) => c is ' ' or '.' or ':' or ',' or ';' or '*' or '"' or '\'' or '`' or '?';
}
