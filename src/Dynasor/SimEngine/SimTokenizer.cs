using System.Collections.Concurrent;

namespace Dynasor.SimEngine;

/// <summary>
/// The simulated engine's tokenisation: a token is a run of spaces followed by a run of letters or digits
/// (" answer", " 42"), or a run of spaces followed by one other character (" \\", "{", ","), or a newline, or
/// trailing spaces. Every text splits one way, and concatenating the tokens gives the text back.
/// </summary>
internal static class SimTokenizer
{
    // Token strings are shared between chains so a cached chain costs one reference per token. Capped so
    // arbitrary prompts cannot grow it without bound; past the cap tokens are allocated.
    private const int PoolCap = 200_000;
    private static readonly ConcurrentDictionary<string, string> Pool = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> PoolLookup =
        Pool.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Number of tokens in <paramref name="text"/>, without allocating.</summary>
    public static int Count(ReadOnlySpan<char> text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i = End(text, i))
        {
            count++;
        }

        return count;
    }

    /// <summary>Appends the tokens of <paramref name="text"/> to <paramref name="tokens"/>, as pooled strings.</summary>
    public static void Append(ReadOnlySpan<char> text, List<string> tokens)
    {
        for (var i = 0; i < text.Length;)
        {
            var end = End(text, i);
            tokens.Add(Intern(text[i..end]));
            i = end;
        }
    }

    /// <summary>The end (exclusive) of the token that starts at <paramref name="start"/>.</summary>
    public static int End(ReadOnlySpan<char> text, int start)
    {
        var i = start;
        if (text[i] == '\n')
        {
            return i + 1;
        }

        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }

        if (i == text.Length || text[i] == '\n')
        {
            return i;
        }

        if (!char.IsLetterOrDigit(text[i]))
        {
            return i + 1;
        }

        while (i < text.Length && char.IsLetterOrDigit(text[i]))
        {
            i++;
        }

        return i;
    }

    private static string Intern(ReadOnlySpan<char> token)
    {
        if (PoolLookup.TryGetValue(token, out var pooled))
        {
            return pooled;
        }

        var text = token.ToString();
        return Pool.Count < PoolCap ? Pool.GetOrAdd(text, text) : text;
    }
}
