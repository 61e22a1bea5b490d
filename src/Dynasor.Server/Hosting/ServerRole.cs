namespace Dynasor.Server.Hosting;

/// <summary>What the HTTP surface fronts.</summary>
public enum ServerRole
{
    /// <summary>The Dynasor server: modes, the <c>dynasor</c> object in requests and responses.</summary>
    Dynasor,

    /// <summary>A bare engine (<c>dynasor sim-engine</c>): plain OpenAI answers, as vLLM gives them; <c>dynasor</c> fields are ignored.</summary>
    Engine,
}
