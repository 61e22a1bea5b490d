namespace Dynasor.Server.Relay;

/// <summary>
/// What Dynasor must change in a client's body before it goes upstream; everything else passes as it came. The
/// <c>dynasor</c> object is always removed (it is Dynasor's, and engines may reject unknown fields).
/// </summary>
/// <param name="Model">The upstream's name for the model, when it differs from what the client sent (an alias); null: keep.</param>
/// <param name="IncludeUsage">Set <c>stream_options.include_usage</c> to true, so the relay can count tokens (a streamed request only).</param>
/// <param name="Priority">The scheduler's <c>priority</c> for the engine, replacing the client's; null: keep the client's, if any.</param>
/// <param name="RemoveN">Drop <c>n</c>: Dynasor fans the choices out itself because the engine ignores <c>n</c>.</param>
/// <param name="Seed">Replace <c>seed</c> (a fanned-out choice after the first gets its own); null: keep.</param>
public sealed record RelayEdits(string? Model = null, bool IncludeUsage = false, long? Priority = null, bool RemoveN = false, long? Seed = null);
