namespace Dynasor.Server.Tests.EngineFakes.Protocol;

/// <summary>Facts about rendered prompt text the fakes need.</summary>
internal static class PromptText
{
    /// <summary>True when the prompt leaves a <c>&lt;think&gt;</c> block open, so the output starts in reasoning.</summary>
    public static bool OpensThink(string prompt) =>
        prompt.LastIndexOf("<think>", StringComparison.Ordinal) is >= 0 and var open
        && prompt.IndexOf("</think>", open, StringComparison.Ordinal) < 0;
}
