namespace Dynasor.SimEngine;

/// <summary>
/// Hashes that are the same in every process and every .NET version (string.GetHashCode is randomised per
/// process), so a question, seed and prefix always give the same simulated output.
/// </summary>
internal static class StableHash
{
    /// <summary>FNV-1a over the UTF-16 code units of <paramref name="text"/>.</summary>
    public static ulong Of(ReadOnlySpan<char> text) => Continue(14695981039346656037UL, text);

    /// <summary>FNV-1a continued from <paramref name="hash"/> over <paramref name="text"/>: Of(a + b) = Continue(Of(a), b).</summary>
    public static ulong Continue(ulong hash, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>Combines two values (SplitMix64 finaliser over a rotate-xor), order-sensitive.</summary>
    public static ulong Mix(ulong a, ulong b)
    {
        var z = (a * 0x9E3779B97F4A7C15UL) ^ ((b << 29) | (b >> 35)) ^ b;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A seeded <see cref="Random"/> from a 64-bit hash.</summary>
    public static Random Random(ulong hash) => new((int)(hash ^ (hash >> 32)));
}
