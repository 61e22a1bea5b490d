using System.Globalization;
using System.Numerics;
using System.Text;

namespace Dynasor.Answers;

/// <summary>
/// Recognises a cleaned, lower-cased answer that is one number — optionally signed, with thousands commas,
/// a decimal point, scientific notation, a percent sign, a fraction (<c>p/q</c>, <c>\frac{p}{q}</c>,
/// <c>\frac12</c>) or a mixed number (<c>1\frac{1}{2}</c>), followed by unit words — and writes its canonical form.
/// </summary>
/// <remarks>
/// Decimals are canonicalised as digit strings, so numbers of any length stay exact and distinct. Fractions
/// are reduced with <see cref="BigInteger"/> only when numerator and denominator are at most
/// <see cref="MaxFractionDigits"/> digits; exact decimals are written as decimals ("0.5"), others as "p/q".
/// A decimal with more than 15 significant digits after its point is rounded to 15 significant digits, because
/// such digits are binary floating-point noise. Canonical forms are themselves recognised and map to themselves.
/// </remarks>
internal static class NumberCanonicalizer
{
    // Bounds keep the work and the key proportional to the input: a 10-character "1e999999" is not a number here.
    private const int MaxFractionDigits = 400;
    private const int MaxExponent = 1000;
    private const int MaxSignificantFractionDigits = 15;

    /// <summary>Returns true and the canonical form when all of <paramref name="s"/> is one number (plus units).</summary>
    public static bool TryCanonicalize(string s, out string key)
    {
        key = "";
        int n = s.Length;
        int p = 0;
        if (n == 0)
        {
            return false;
        }

        bool negative = false;
        if (s[p] is '+' or '-')
        {
            negative = s[p] == '-';
            p++;
        }

        string? result;
        if (IsFrac(s, p))
        {
            if (!TryFrac(s, ref p, out string numerator, out string denominator, out bool fractionNegative))
            {
                return false;
            }

            result = Rational("", numerator, denominator, negative ^ fractionNegative);
        }
        else
        {
            if (!TryDecimal(s, ref p, out string integerDigits, out string fractionDigits, out bool plainInteger))
            {
                return false;
            }

            if (plainInteger && IsFrac(s, p))
            {
                if (!TryFrac(s, ref p, out string numerator, out string denominator, out bool fractionNegative) || fractionNegative)
                {
                    return false;
                }

                result = Rational(integerDigits, numerator, denominator, negative);
            }
            else if (plainInteger && p < n && s[p] == '/')
            {
                p++;
                int start = p;
                SkipDigits(s, ref p);
                if (p == start)
                {
                    return false;
                }

                result = Rational("", integerDigits, s[start..p], negative);
            }
            else
            {
                if (!TryExponent(s, ref p, out int exponent))
                {
                    return false;
                }

                string digits = integerDigits + fractionDigits;
                int pointPosition = integerDigits.Length + exponent;
                RoundFloatNoise(ref digits, ref pointPosition);
                result = FormatDecimal(negative, digits, pointPosition);
            }
        }

        if (result is null)
        {
            return false;
        }

        if (p < n && s[p] == '%')
        {
            // 50% and 50 are one answer: datasets write percentages without the sign.
            p++;
        }

        if (p < n && !IsUnitTail(s, p))
        {
            return false;
        }

        key = result;
        return true;
    }

    private static bool IsFrac(string s, int p) =>
        s.AsSpan(p).StartsWith("\\frac", StringComparison.Ordinal)
        && (p + 5 >= s.Length || !char.IsAsciiLetter(s[p + 5]));

    // Reads \frac{p}{q} or \frac12 (either argument may be braced or a single digit) starting at s[p].
    private static bool TryFrac(string s, ref int p, out string numerator, out string denominator, out bool negative)
    {
        p += 5;
        denominator = "";
        negative = false;
        if (!TryFracArgument(s, ref p, out numerator, out bool numeratorNegative)
            || !TryFracArgument(s, ref p, out denominator, out bool denominatorNegative))
        {
            return false;
        }

        negative = numeratorNegative ^ denominatorNegative;
        return true;
    }

    private static bool TryFracArgument(string s, ref int p, out string digits, out bool negative)
    {
        digits = "";
        negative = false;
        int n = s.Length;
        if (p < n && s[p] == ' ')
        {
            p++;
        }

        if (p >= n)
        {
            return false;
        }

        if (char.IsAsciiDigit(s[p]))
        {
            digits = s[p].ToString();
            p++;
            return true;
        }

        if (s[p] != '{')
        {
            return false;
        }

        p++;
        if (p < n && s[p] is '+' or '-')
        {
            negative = s[p] == '-';
            p++;
        }

        int start = p;
        SkipDigits(s, ref p);
        if (p == start || p >= n || s[p] != '}')
        {
            return false;
        }

        digits = s[start..p];
        p++;
        return true;
    }

    // Reads digits with optional well-formed thousands commas, then an optional fractional part.
    private static bool TryDecimal(string s, ref int p, out string integerDigits, out string fractionDigits, out bool plainInteger)
    {
        int n = s.Length;
        int start = p;
        SkipDigits(s, ref p);
        integerDigits = s[start..p];
        fractionDigits = "";
        bool grouped = false;
        if (p - start is >= 1 and <= 3 && IsThousandsGroup(s, p))
        {
            var builder = new StringBuilder(integerDigits);
            while (IsThousandsGroup(s, p))
            {
                builder.Append(s, p + 1, 3);
                p += 4;
            }

            integerDigits = builder.ToString();
            grouped = true;
        }

        bool point = false;
        if (p < n && s[p] == '.' && (integerDigits.Length > 0 || (p + 1 < n && char.IsAsciiDigit(s[p + 1]))))
        {
            point = true;
            p++;
            int fractionStart = p;
            SkipDigits(s, ref p);
            fractionDigits = s[fractionStart..p];
        }

        plainInteger = !grouped && !point;
        return integerDigits.Length + fractionDigits.Length > 0;
    }

    // ",ddd" not followed by another digit.
    private static bool IsThousandsGroup(string s, int p) =>
        p + 3 < s.Length
        && s[p] == ','
        && char.IsAsciiDigit(s[p + 1]) && char.IsAsciiDigit(s[p + 2]) && char.IsAsciiDigit(s[p + 3])
        && (p + 4 >= s.Length || !char.IsAsciiDigit(s[p + 4]));

    // Reads e-notation (1.5e-3) or a power of ten (1.5\times10^{3}, 2\cdot 10^5, 3*10^4); absent means 0.
    private static bool TryExponent(string s, ref int p, out int exponent)
    {
        exponent = 0;
        int n = s.Length;
        int k = p;
        if (k < n && s[k] == 'e')
        {
            k++;
        }
        else
        {
            if (s.AsSpan(k).StartsWith("\\times", StringComparison.Ordinal))
            {
                k += 6;
            }
            else if (s.AsSpan(k).StartsWith("\\cdot", StringComparison.Ordinal))
            {
                k += 5;
            }
            else if (k < n && s[k] == '*')
            {
                k++;
            }
            else
            {
                return true;
            }

            if (k < n && s[k] == ' ')
            {
                k++;
            }

            if (!s.AsSpan(k).StartsWith("10^", StringComparison.Ordinal))
            {
                // Not a power of ten: leave it for the caller, which will reject the trailing product.
                return true;
            }

            k += 3;
        }

        bool braced = k < n && s[k] == '{';
        if (braced)
        {
            k++;
        }

        bool negative = false;
        if (k < n && s[k] is '+' or '-')
        {
            negative = s[k] == '-';
            k++;
        }

        int start = k;
        SkipDigits(s, ref k);
        if (k == start)
        {
            // "5e" or "5e+" is not scientific notation; the caller sees the letter and decides.
            return true;
        }

        if (braced)
        {
            if (k >= n || s[k] != '}')
            {
                return true;
            }

            k++;
        }

        ReadOnlySpan<char> digits = s.AsSpan(start, braced ? k - start - 1 : k - start).TrimStart('0');
        if (digits.Length > 4 || (digits.Length > 0 && int.Parse(digits, CultureInfo.InvariantCulture) > MaxExponent))
        {
            return false;
        }

        exponent = digits.Length == 0 ? 0 : int.Parse(digits, CultureInfo.InvariantCulture);
        if (negative)
        {
            exponent = -exponent;
        }

        p = k;
        return true;
    }

    // After the number: unit words such as " minutes", " miles per hour", " cm^2", " sq.ft" (a letter first).
    private static bool IsUnitTail(string s, int p)
    {
        int n = s.Length;
        if (s[p] == ' ')
        {
            p++;
        }
        else if (s[p - 1] is not ('}' or '%'))
        {
            // "4t" or "4a-2" is an expression, not 4 with a unit.
            return false;
        }

        if (p >= n || !char.IsLetter(s[p]))
        {
            return false;
        }

        for (int k = p; k < n; k++)
        {
            char c = s[k];
            if (char.IsLetter(c) || c is ' ' or '/' or '.' or '²' or '³')
            {
                continue;
            }

            if (c == '^' && k + 1 < n && char.IsAsciiDigit(s[k + 1]))
            {
                k++;
                continue;
            }

            return false;
        }

        return true;
    }

    private static void SkipDigits(string s, ref int p)
    {
        while (p < s.Length && char.IsAsciiDigit(s[p]))
        {
            p++;
        }
    }

    // (whole + numerator/denominator), reduced; null when it cannot be computed within the bounds or divides by zero.
    private static string? Rational(string whole, string numerator, string denominator, bool negative)
    {
        ReadOnlySpan<char> w = whole.AsSpan().TrimStart('0');
        ReadOnlySpan<char> a = numerator.AsSpan().TrimStart('0');
        ReadOnlySpan<char> b = denominator.AsSpan().TrimStart('0');
        if (b.IsEmpty || w.Length + b.Length > MaxFractionDigits || a.Length > MaxFractionDigits)
        {
            return null;
        }

        BigInteger q = BigInteger.Parse(b, NumberStyles.None, CultureInfo.InvariantCulture);
        BigInteger p = a.IsEmpty ? BigInteger.Zero : BigInteger.Parse(a, NumberStyles.None, CultureInfo.InvariantCulture);
        if (!w.IsEmpty)
        {
            p += BigInteger.Parse(w, NumberStyles.None, CultureInfo.InvariantCulture) * q;
        }

        if (p.IsZero)
        {
            return "0";
        }

        BigInteger g = BigInteger.GreatestCommonDivisor(p, q);
        p /= g;
        q /= g;

        // q has only the prime factors 2 and 5 exactly when p/q is a terminating decimal.
        int twos = (int)BigInteger.TrailingZeroCount(q);
        BigInteger rest = q >> twos;
        int fives = 0;
        while ((rest % 5).IsZero)
        {
            rest /= 5;
            fives++;
        }

        string sign = negative ? "-" : "";
        if (!rest.IsOne)
        {
            return q.IsOne ? sign + p.ToString(CultureInfo.InvariantCulture) : $"{sign}{p}/{q}";
        }

        int scale = Math.Max(twos, fives);
        string digits = (p * BigInteger.Pow(10, scale) / q).ToString(CultureInfo.InvariantCulture);
        return FormatDecimal(negative, digits, digits.Length - scale);
    }

    // A non-integer written with more significant digits than a double holds is a binary floating-point artifact
    // (11.999999999999998 is 12, 0.30000000000000004 is 0.3): round it to 15 significant digits. Only digits after
    // the point are ever dropped, so integers and the integer part of long numbers stay exact.
    private static void RoundFloatNoise(ref string digits, ref int pointPosition)
    {
        int first = 0;
        while (first < digits.Length && digits[first] == '0')
        {
            first++;
        }

        int last = digits.Length - 1;
        while (last >= first && digits[last] == '0')
        {
            last--;
        }

        int cut = first + MaxSignificantFractionDigits;
        if (last < first || last < pointPosition || last < cut || cut < pointPosition)
        {
            // Exact enough already, an integer, or rounding would change the integer part of a long number.
            return;
        }

        char[] kept = digits.ToCharArray(0, cut);
        if (digits[cut] >= '5')
        {
            int i = cut - 1;
            while (i >= 0 && kept[i] == '9')
            {
                kept[i] = '0';
                i--;
            }

            if (i < 0)
            {
                digits = "1" + new string(kept);
                pointPosition++;
                return;
            }

            kept[i]++;
        }

        digits = new string(kept);
    }

    // The value 0.digits x 10^pointPosition without leading or trailing zeros; "-0" is "0".
    private static string FormatDecimal(bool negative, string digits, int pointPosition)
    {
        int first = 0;
        while (first < digits.Length && digits[first] == '0')
        {
            first++;
        }

        if (first == digits.Length)
        {
            return "0";
        }

        int last = digits.Length - 1;
        while (digits[last] == '0')
        {
            last--;
        }

        var builder = new StringBuilder(digits.Length + Math.Abs(pointPosition - digits.Length) + 3);
        if (negative)
        {
            builder.Append('-');
        }

        if (pointPosition <= first)
        {
            builder.Append("0.").Append('0', first - pointPosition).Append(digits, first, last - first + 1);
        }
        else if (pointPosition > last)
        {
            int available = Math.Min(digits.Length, pointPosition);
            builder.Append(digits, first, available - first).Append('0', pointPosition - available);
        }
        else
        {
            builder.Append(digits, first, pointPosition - first).Append('.').Append(digits, pointPosition, last - pointPosition + 1);
        }

        return builder.ToString();
    }
}
