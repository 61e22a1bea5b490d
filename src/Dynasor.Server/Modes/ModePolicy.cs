using Dynasor.Policies;
using Dynasor.Server.OpenAi;

namespace Dynasor.Server.Modes;

/// <summary>The allocation policy a program mode runs, from the request's settings; a bad spec is a 400 naming <c>dynasor.policy</c>.</summary>
internal static class ModePolicy
{
    /// <summary>The per-program policy of <see cref="DynasorSettings.EffectivePolicy"/> (a <c>@FILE</c> already resolved to a path).</summary>
    public static IAllocationPolicy Create(DynasorSettings settings)
    {
        var spec = settings.EffectivePolicy;
        try
        {
            return PolicyCatalog.Create(PolicyCatalog.Parse(spec));
        }
        catch (Exception e) when (e is PolicySpecException or IOException or UnauthorizedAccessException or ArgumentException or System.Text.Json.JsonException)
        {
            // A policy file's name is resolved to a path on the server: the client hears its own name back, never the path.
            if (spec.StartsWith('@'))
            {
                var name = "@" + Path.GetFileName(spec[1..]);
                var why = e is FileNotFoundException or DirectoryNotFoundException ? "there is no such file in the server's policy_dir" : "the file is not a policy written by 'dynasor calibrate --out'";
                throw OpenAiException.Invalid($"dynasor.policy '{name}' is not usable: {why}.", "dynasor.policy");
            }
            throw OpenAiException.Invalid($"dynasor.policy '{spec}' is not usable: {e.Message}", "dynasor.policy");
        }
    }
}
