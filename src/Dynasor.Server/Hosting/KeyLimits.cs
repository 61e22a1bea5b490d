namespace Dynasor.Server.Hosting;

/// <summary>What one API key may use per minute (<c>key_limits</c> in the config); a null part is unlimited.</summary>
/// <param name="RequestsPerMinute">Requests a key may start per minute (a key may burst up to this many at once).</param>
/// <param name="TokensPerMinute">Upstream tokens a key's requests may cause per minute.</param>
public sealed record KeyLimits(int? RequestsPerMinute = null, long? TokensPerMinute = null);
