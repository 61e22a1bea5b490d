using Dynasor.Server.OpenAi;

namespace Dynasor.Server.Modes;

/// <summary>The modes a request may name; the one seam through which the endpoints dispatch.</summary>
public static class ModeCatalog
{
    private static readonly IChatMode Off = new PassThroughMode();
    private static readonly IChatMode Cot = new CotMode();
    private static readonly IChatMode Sc = new ScMode();

    /// <summary>The mode for <paramref name="name"/>, already validated as one of <see cref="DynasorSettings.Modes"/>.</summary>
    public static IChatMode Resolve(string name) => name switch
    {
        "off" => Off,
        "cot" => Cot,
        "sc" => Sc,
        _ => throw OpenAiException.Invalid($"Unknown dynasor.mode '{name}'; use one of: {string.Join(", ", DynasorSettings.Modes)}.", "dynasor.mode"),
    };
}
