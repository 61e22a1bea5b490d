namespace Dynasor.Engines;

/// <summary>
/// Reproducible shuffles. Seeds are mixed with SplitMix64 and FNV-1a rather than <see cref="HashCode"/>,
/// which is randomised per process and would make replays differ between runs.
/// </summary>
public static class SeededOrder
{
    /// <summary>A Fisher-Yates permutation of 0..n-1 determined by <paramref name="seed"/>.</summary>
    public static int[] Permutation(int n, ulong seed)
    {
        var order = new int[n];
        for (var i = 0; i < n; i++)
            order[i] = i;
        var state = seed;
        for (var i = n - 1; i > 0; i--)
        {
            var j = (int)(Next(ref state) % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    /// <summary>
    /// <paramref name="n"/> indices of 0..n-1 drawn uniformly with replacement (a bootstrap of n recorded samples),
    /// determined by <paramref name="seed"/>.
    /// </summary>
    public static int[] Draws(int n, ulong seed)
    {
        var draws = new int[n];
        var state = seed;
        for (var i = 0; i < n; i++)
            draws[i] = (int)(Next(ref state) % (ulong)n);
        return draws;
    }

    /// <summary>Combines a seed with a string (a question id) into a new well-mixed seed.</summary>
    public static ulong Mix(ulong seed, string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        var state = seed ^ hash;
        return Next(ref state);
    }

    /// <summary>Combines two integers into a new well-mixed seed.</summary>
    public static ulong Mix(ulong seed, ulong value)
    {
        var state = seed ^ (value * 0x9E3779B97F4A7C15UL);
        return Next(ref state);
    }

    private static ulong Next(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
