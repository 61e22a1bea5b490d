namespace Dynasor.Answers;

/// <summary>Finds the final answer in a model's output text.</summary>
/// <remarks>
/// The first rule that yields a non-empty answer wins:
/// <list type="number">
/// <item>the argument of the last <c>\boxed</c> or <c>\fbox</c> (nested braces kept; an unclosed one runs to the end
/// of the text; <c>\boxed{a}{b}</c> gives "a");</item>
/// <item>the rest of the line after the last <c>####</c>;</item>
/// <item>what follows the last "the answer is" or "final answer is" (any case), up to the end of the line or sentence;</item>
/// <item>what follows the last "Final Answer" heading (<c>Final Answer:</c>, <c>**Final Answer**</c>), on the same line
/// or the next non-blank one;</item>
/// <item>the last number in the text (with thousands commas, decimal point and sign);</item>
/// <item>otherwise "".</item>
/// </list>
/// Trailing periods and whitespace are trimmed. The answer is returned as written; compare answers with
/// <see cref="AnswerKey"/>. Never throws and runs in time linear in the length of the text.
/// </remarks>
public static class AnswerExtractor
{
    /// <summary>Returns the final answer written in <paramref name="text"/>, or "" when there is none.</summary>
    public static string Extract(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        string answer = Boxed(text);
        if (answer.Length == 0)
        {
            answer = AfterHashes(text);
        }

        if (answer.Length == 0)
        {
            answer = AfterAnswerIs(text);
        }

        if (answer.Length == 0)
        {
            answer = AfterFinalAnswerHeading(text);
        }

        if (answer.Length == 0)
        {
            answer = LastNumber(text);
        }

        return answer;
    }

    private static string Boxed(string text)
    {
        int boxed = LastCommand(text, "\\boxed");
        int fbox = LastCommand(text, "\\fbox");
        int start = boxed >= 0 && boxed > fbox ? boxed + 6 : fbox >= 0 ? fbox + 5 : -1;
        if (start < 0)
        {
            return "";
        }

        int k = start;
        while (k < text.Length && char.IsWhiteSpace(text[k]))
        {
            k++;
        }

        if (k >= text.Length)
        {
            return "";
        }

        if (text[k] != '{')
        {
            // \boxed 5 (TeX takes one token): read up to whitespace or a closing math delimiter.
            int end = k;
            while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] is not ('$' or '}'))
            {
                end++;
            }

            return Finish(text.AsSpan(k, end - k));
        }

        int depth = 0;
        for (int i = k; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\\')
            {
                // \{ and \} are literal braces, not grouping.
                i++;
            }
            else if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && --depth == 0)
            {
                return Finish(text.AsSpan(k + 1, i - k - 1));
            }
        }

        // Unclosed: the model stopped mid-answer; take everything after the brace.
        return Finish(text.AsSpan(k + 1));
    }

    // Index of the last occurrence of the command (not followed by a letter, so \boxedsymbol does not count), or -1.
    private static int LastCommand(string text, string command)
    {
        int from = text.Length - 1;
        while (from >= 0)
        {
            int at = text.LastIndexOf(command, from, StringComparison.Ordinal);
            if (at < 0)
            {
                return -1;
            }

            int after = at + command.Length;
            if (after >= text.Length || !char.IsAsciiLetter(text[after]))
            {
                return at;
            }

            from = at - 1;
        }

        return -1;
    }

    private static string AfterHashes(string text)
    {
        int at = text.LastIndexOf("####", StringComparison.Ordinal);
        return at < 0 ? "" : Finish(Line(text, at + 4));
    }

    private static string AfterAnswerIs(string text)
    {
        int from = text.Length - 1;
        while (from >= 0)
        {
            int at = text.LastIndexOf("answer is", from, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return "";
            }

            ReadOnlySpan<char> before = text.AsSpan(0, at).TrimEnd();
            if (before.EndsWith("the", StringComparison.OrdinalIgnoreCase)
                || before.EndsWith("final", StringComparison.OrdinalIgnoreCase))
            {
                ReadOnlySpan<char> rest = Line(text, at + 9).TrimStart(" \t:*");
                int sentenceEnd = SentenceEnd(rest);
                return Finish(rest[..sentenceEnd]);
            }

            from = at - 1;
        }

        return "";
    }

    private static string AfterFinalAnswerHeading(string text)
    {
        int at = text.LastIndexOf("final answer", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return "";
        }

        int k = at + 12;
        while (k < text.Length && text[k] is '*' or ':' or ' ' or '\t' or '#')
        {
            k++;
        }

        ReadOnlySpan<char> line = Line(text, k);
        if (line.IsWhiteSpace())
        {
            // "**Final Answer**" on its own line: the answer is on the next non-blank line.
            int next = k + line.Length;
            while (next < text.Length && char.IsWhiteSpace(text[next]))
            {
                next++;
            }

            line = Line(text, next);
        }

        return Finish(line);
    }

    private static string LastNumber(string text)
    {
        int end = text.Length - 1;
        while (end >= 0 && !char.IsAsciiDigit(text[end]))
        {
            end--;
        }

        if (end < 0)
        {
            return "";
        }

        int start = end;
        while (start > 0)
        {
            char c = text[start - 1];
            if (char.IsAsciiDigit(c))
            {
                start--;
            }
            else if (c is ',' or '.' && start >= 2 && char.IsAsciiDigit(text[start - 2]))
            {
                start--;
            }
            else
            {
                break;
            }
        }

        if (start > 0 && text[start - 1] == '.')
        {
            start--;
        }

        if (start > 0 && text[start - 1] == '-' && (start == 1 || !char.IsLetterOrDigit(text[start - 2])))
        {
            start--;
        }

        return text[start..(end + 1)];
    }

    // From index start up to (not including) the next line break.
    private static ReadOnlySpan<char> Line(string text, int start)
    {
        if (start >= text.Length)
        {
            return [];
        }

        ReadOnlySpan<char> rest = text.AsSpan(start);
        int newline = rest.IndexOfAny('\n', '\r');
        return newline < 0 ? rest : rest[..newline];
    }

    // Length of the first sentence: up to a period followed by whitespace ("18. I hope"), not one inside "1.5".
    private static int SentenceEnd(ReadOnlySpan<char> s)
    {
        for (int i = 0; i + 1 < s.Length; i++)
        {
            if (s[i] == '.' && char.IsWhiteSpace(s[i + 1]))
            {
                return i;
            }
        }

        return s.Length;
    }

    private static string Finish(ReadOnlySpan<char> answer) => answer.Trim().TrimEnd(". \t\r\n").ToString();
}
