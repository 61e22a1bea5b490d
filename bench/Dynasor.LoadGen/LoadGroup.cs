namespace Dynasor.LoadGen;

/// <summary>One group of streams in every round: where its requests go and whose CPU its tokens are charged.</summary>
/// <param name="Name">The group's row in the report.</param>
/// <param name="Url">Root URL the group's requests go to.</param>
/// <param name="DynasorField">Whether requests carry <c>"dynasor":{"mode":"off"}</c> (only Dynasor understands it).</param>
/// <param name="ProxyCpu">The proxy's CPU time so far; null for a group sent to the engine directly, which is charged
/// an equal share of the engine's CPU.</param>
internal sealed record LoadGroup(string Name, string Url, bool DynasorField, Func<TimeSpan>? ProxyCpu)
{
    /// <summary>Latencies and CPU pooled over the measured rounds.</summary>
    public PhaseResult Result { get; } = new(Name);
}
