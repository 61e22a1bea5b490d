using System.Text;

namespace Dynasor.SimEngine;

/// <summary>
/// The first sentence of every chain, which spells the chain's variant: six slots of eight phrasings carry
/// <see cref="Bits"/> bits. A continuation reads the variant back from the prefix, so continuing a chain needs no
/// server-side session and no repeated seed.
/// </summary>
internal static class ChainOpening
{
    /// <summary>Bits a variant code carries; codes are in [0, 2^Bits).</summary>
    public const int Bits = 18;

    private const int SlotBits = 3;

    // Literals around the slots: Literals[k] precedes slot k, the last literal ends the opening.
    private static readonly string[] Literals =
        ["<think>\n", " I need to ", " ", ". ", " ", " the problem ", " and work through it step by step.\n\n"];

    // Within a slot no phrasing followed by the next literal is a prefix of another, so decoding is unique.
    private static readonly string[][] Slots =
    [
        ["Okay, so", "Alright, so", "So", "Right, so", "Well, so", "OK, so", "Good, so", "Let's see, so"],
        ["figure out", "work out", "find", "determine", "compute", "calculate", "pin down", "get"],
        ["the answer", "the final value", "what the question asks", "the result", "the requested number", "the value asked for", "the unknown", "the quantity in question"],
        ["First, I will", "To start, I will", "Let me", "I should", "I want to", "I'll", "I am going to", "Now I'll"],
        ["read", "reread", "restate", "look at", "go over", "parse", "think about", "break down"],
        ["carefully", "once more", "in my own words", "slowly", "piece by piece", "from the top", "again", "in detail"],
    ];

    /// <summary>The opening text of variant <paramref name="code"/>.</summary>
    public static string Text(int code)
    {
        var text = new StringBuilder(128);
        for (var slot = 0; slot < Slots.Length; slot++)
        {
            text.Append(Literals[slot]).Append(Slots[slot][Choice(code, slot)]);
        }

        return text.Append(Literals[^1]).ToString();
    }

    /// <summary>Folds any 64-bit value (a sampling seed, a request counter) into a variant code.</summary>
    public static int CodeOf(ulong value) => (int)(StableHash.Mix(value, 0x5EED) & ((1UL << Bits) - 1));

    /// <summary>
    /// Reads the variant spelled by <paramref name="prefix"/>. Slots the prefix has not reached yet (or only
    /// partly) take the choice of <paramref name="fallback"/> when it fits, else the first that fits.
    /// False when the prefix does not start like an opening at all.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<char> prefix, int fallback, out int code)
    {
        code = fallback;
        var at = 0;
        for (var slot = 0; slot <= Slots.Length; slot++)
        {
            var literal = Literals[slot].AsSpan();
            var rest = prefix[at..];
            if (!Fits(rest, literal))
            {
                return false;
            }

            if (rest.Length <= literal.Length || slot == Slots.Length)
            {
                return true;
            }

            at += literal.Length;
            var choice = ReadSlot(prefix[at..], slot, Choice(fallback, slot));
            if (choice < 0)
            {
                return false;
            }

            code = (code & ~(((1 << SlotBits) - 1) << (slot * SlotBits))) | (choice << (slot * SlotBits));
            at += Slots[slot][choice].Length;
            if (at >= prefix.Length)
            {
                return true;
            }
        }

        return true;
    }

    private static int ReadSlot(ReadOnlySpan<char> rest, int slot, int preferred)
    {
        var next = Literals[slot + 1];
        if (FitsWith(rest, Slots[slot][preferred], next))
        {
            return preferred;
        }

        for (var choice = 0; choice < Slots[slot].Length; choice++)
        {
            if (FitsWith(rest, Slots[slot][choice], next))
            {
                return choice;
            }
        }

        return -1;
    }

    // True when rest and phrase + next agree on their common length.
    private static bool FitsWith(ReadOnlySpan<char> rest, string phrase, string next)
    {
        var head = rest[..Math.Min(rest.Length, phrase.Length)];
        if (!phrase.AsSpan().StartsWith(head, StringComparison.Ordinal))
        {
            return false;
        }

        return rest.Length <= phrase.Length || Fits(rest[phrase.Length..], next);
    }

    private static bool Fits(ReadOnlySpan<char> rest, ReadOnlySpan<char> literal)
    {
        var n = Math.Min(rest.Length, literal.Length);
        return rest[..n].SequenceEqual(literal[..n]);
    }

    private static int Choice(int code, int slot) => (code >> (slot * SlotBits)) & ((1 << SlotBits) - 1);
}
