namespace Dynasor.Server.Relay;

/// <summary>Where a relayed stream's lines come from: one upstream response, or several merged (a fanned-out <c>n</c>).</summary>
public interface IRelayLines
{
    /// <summary>The next whole line already read (without its end); false when more must be read first.</summary>
    bool TryReadLine(out ReadOnlySpan<byte> line);

    /// <summary>Reads more; false at the end. Throws <see cref="Upstream.UpstreamException"/> on a stall or a broken stream.</summary>
    ValueTask<bool> FillAsync();
}
