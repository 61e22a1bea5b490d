using Dynasor.Server.OpenAi;

namespace Dynasor.Server.Modes;

/// <summary>The modes a request may name; the one seam through which the endpoints dispatch.</summary>
public static class ModeCatalog
{
    private static readonly IChatMode Off = new PassThroughMode();

    /// <summary>
    /// The mode for <paramref name="name"/> (already validated as one of <see cref="DynasorSettings.Modes"/>).
    /// A mode this build does not implement yet is a 501 that says so.
    /// </summary>
    public static IChatMode Resolve(string name) => name switch
    {
        "off" => Off,
        _ => throw new OpenAiException(501, $"dynasor.mode '{name}' is not available in this build; use \"off\".", "invalid_request_error", "dynasor.mode", "mode_not_available"),
    };
}
