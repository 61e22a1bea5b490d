using LLama.Native;

namespace Dynasor.Server.Tests.EngineFakes.Model;

/// <summary>Silences llama.cpp's native log, which otherwise prints model-loading details into test output.</summary>
internal static class QuietNativeLog
{
    private static bool _applied;

    public static void Apply()
    {
        if (_applied)
            return;
        _applied = true;
        // Before the native library loads: LLamaSharp installs the callback as it loads it.
        if (!NativeLibraryConfig.LLama.LibraryHasLoaded)
            NativeLibraryConfig.All.WithLogCallback((_, _) => { });
        else
            NativeLogConfig.llama_log_set((_, _) => { });
    }
}
