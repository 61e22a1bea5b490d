namespace Dynasor.Certainty;

/// <summary>
/// Hedge detection for probe answers. Words are matched whole (case-insensitive), never as substrings:
/// the reference code's substring test made "no" match "not" and "know".
/// </summary>
public static class HedgeWords
{
    /// <summary>The default hedge words of Dynasor-CoT.</summary>
    public static IReadOnlyList<string> Default { get; } = ["wait", "hmm", "but", "hold", "however", "alternatively", "maybe", "perhaps", "unsure", "no"];

    /// <summary>True when <paramref name="text"/> contains any of <paramref name="words"/> as a whole word. Linear in the text.</summary>
    public static bool Contains(string? text, IReadOnlyList<string>? words = null)
    {
        if (string.IsNullOrEmpty(text))
            return false;
        words ??= Default;
        var span = text.AsSpan();
        var i = 0;
        while (i < span.Length)
        {
            if (!char.IsLetter(span[i]))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < span.Length && char.IsLetter(span[i]))
                i++;
            var word = span[start..i];
            foreach (var hedge in words)
            {
                if (word.Equals(hedge, StringComparison.OrdinalIgnoreCase))
                    return true;
            }
        }
        return false;
    }
}
