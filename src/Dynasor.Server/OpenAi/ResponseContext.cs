namespace Dynasor.Server.OpenAi;

/// <summary>What every object of one response shares.</summary>
/// <param name="Id">The response id (<c>chatcmpl-...</c> or <c>cmpl-...</c>), the same on every chunk.</param>
/// <param name="Created">Unix seconds.</param>
/// <param name="Model">The model named back to the client.</param>
/// <param name="Chat">Chat completion objects (else text completion objects).</param>
/// <param name="ReasoningField">The field name reasoning text goes under.</param>
/// <param name="IncludeDynasor">Add the <c>dynasor</c> object (the Dynasor server; not the bare simulated engine).</param>
public sealed record ResponseContext(string Id, long Created, string Model, bool Chat, string ReasoningField, bool IncludeDynasor)
{
    /// <summary>A fresh id with the prefix of the response kind.</summary>
    public static string NewId(bool chat) => (chat ? "chatcmpl-" : "cmpl-") + Guid.NewGuid().ToString("N")[..24];
}
