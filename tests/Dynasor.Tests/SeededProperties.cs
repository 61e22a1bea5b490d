using FsCheck;
using FsCheck.Fluent;

namespace Dynasor.Tests;

/// <summary>FsCheck settings for property tests: a fixed seed, so the same cases run on every machine and every run.</summary>
internal static class SeededProperties
{
    /// <summary>Throws on the first failing case; runs <paramref name="maxTest"/> cases from <paramref name="seed"/>.</summary>
    public static Config Config(int maxTest, ulong seed) =>
        FsCheck.Config.QuickThrowOnFailure.WithMaxTest(maxTest).WithReplay(seed, 0x9E37_79B9_7F4A_7C15UL);
}
