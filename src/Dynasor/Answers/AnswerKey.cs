namespace Dynasor.Answers;

/// <summary>
/// Equivalence keys for final answers: two answers a grader would accept as the same get the same key, so
/// majority vote can group samples by key.
/// </summary>
/// <remarks>
/// <para>
/// Numbers are canonicalised: <c>18</c>, <c>18.0</c>, <c>$18</c>, <c>\$18</c>, <c>18.</c>, <c>18 dollars</c> and
/// <c>+18</c> all give "18"; <c>1,000</c> gives "1000"; <c>50\%</c> gives "50"; <c>1.5e3</c> gives "1500";
/// <c>\frac{1}{2}</c>, <c>\dfrac12</c>, <c>2/4</c> and <c>0.5</c> give "0.5"; <c>\frac{1}{3}</c> gives "1/3"; a mixed
/// number <c>1\frac{1}{2}</c> gives "1.5". Integers of any length stay exact. Floating-point noise is rounded away:
/// <c>11.999999999999998</c> gives "12" (decimals are kept to 15 significant digits after the point).
/// </para>
/// <para>
/// Option letters <c>(B)</c>, <c>B.</c>, <c>B)</c> and <c>b</c> give "b". An answer whose part after its last
/// <c>=</c> is a number gets that number's key (<c>x = 5</c> gives "5").
/// </para>
/// <para>
/// Anything else gets normalised text: lower-cased, LaTeX noise removed (<c>$</c>, <c>\left</c>, <c>\right</c>,
/// <c>\!</c>, <c>\,</c>, degree marks, <c>\text{}</c>/<c>\mbox{}</c>/<c>\mathrm{}</c> wrappers, <c>\dfrac</c> read
/// as <c>\frac</c>), braces dropped, spaces kept only between two words, framing punctuation trimmed.
/// Known limitation: a number followed by a space and a single letter ("5 x") reads as 5 with a unit.
/// </para>
/// <para>
/// <see cref="Of"/> never throws, runs in time linear in the input's length, and is idempotent:
/// <c>Of(Of(x)) == Of(x)</c>. The key is for comparison only; its exact spelling may change between versions.
/// </para>
/// </remarks>
public static class AnswerKey
{
    /// <summary>Returns the equivalence key of <paramref name="answer"/>; "" for null, empty or blank answers.</summary>
    public static string Of(string? answer)
    {
        if (string.IsNullOrEmpty(answer))
        {
            return "";
        }

        // Lower-casing first means the cleaner only ever sees the spellings it will produce itself.
        string structured = AnswerText.Strip(AnswerText.NormalizeSpacing(LatexCleaner.Clean(answer.ToLowerInvariant())));
        string flat = AnswerText.Strip(AnswerText.DropBraces(structured));

        // Every rule below is also tried on the flat text, because Of(flat) will only ever see the flat text;
        // that is what keeps Of idempotent.
        if (NumberCanonicalizer.TryCanonicalize(structured, out string key)
            || NumberCanonicalizer.TryCanonicalize(flat, out key)
            || TryOptionLetter(flat, out key)
            || TryRightHandSide(structured, out key)
            || TryRightHandSide(flat, out key))
        {
            return key;
        }

        return flat;
    }

    // "(b)", "b)" or "b" (a trailing period is already trimmed).
    private static bool TryOptionLetter(string s, out string key)
    {
        key = "";
        ReadOnlySpan<char> span = s;
        if (span.Length == 3 && span[0] == '(' && span[2] == ')')
        {
            span = span.Slice(1, 1);
        }
        else if (span.Length == 2 && span[1] == ')')
        {
            span = span[..1];
        }

        if (span.Length != 1 || !char.IsAsciiLetterLower(span[0]))
        {
            return false;
        }

        key = span.ToString();
        return true;
    }

    // "x = 5", "19.50 / 0.75 = 26": the value after the last '=' when that is a number.
    private static bool TryRightHandSide(string s, out string key)
    {
        key = "";
        int equals = s.LastIndexOf('=');
        return equals >= 0 && NumberCanonicalizer.TryCanonicalize(AnswerText.Strip(s[(equals + 1)..]), out key);
    }
}
