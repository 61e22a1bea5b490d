using System.Threading.Channels;
using Dynasor.Engines;

namespace Dynasor.SimEngine;

/// <summary>
/// One request's live state in the engine loop: its planned tokens, how many it has emitted, and the channel
/// its consumer reads. Only the loop emits; either side may close it (finished or cancelled), once.
/// </summary>
internal sealed class Sequence(ContinuationPlan plan, int promptTokens)
{
    private readonly Channel<StreamedToken> _output = Channel.CreateUnbounded<StreamedToken>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private int _emitted;
    private int _closed;

    /// <summary>Tokens of the prompt (messages and assistant prefix), what prefill pays for.</summary>
    public int PromptTokens { get; } = promptTokens;

    /// <summary>Tokens of context the sequence holds now: prompt plus emitted output.</summary>
    public int Context => PromptTokens + _emitted;

    /// <summary>What the consumer reads.</summary>
    public ChannelReader<StreamedToken> Output => _output.Reader;

    /// <summary>True once finished or cancelled; the loop drops closed sequences.</summary>
    public bool Closed => Volatile.Read(ref _closed) != 0;

    /// <summary>Emits the next token (an empty finishing piece when the plan is empty). Returns the output tokens it stood for.</summary>
    public int Emit()
    {
        var tokens = plan.Tokens;
        if (tokens.Count == 0)
        {
            _output.Writer.TryWrite(new StreamedToken("", 0, plan.Finish, Report: new StreamReport(PromptTokens)));
            _output.Writer.TryComplete();
            return 0;
        }

        var index = _emitted++;
        var last = _emitted == tokens.Count;
        _output.Writer.TryWrite(new StreamedToken(tokens[index], 1, last ? plan.Finish : null, Report: last ? new StreamReport(PromptTokens) : null));
        if (last)
        {
            _output.Writer.TryComplete();
        }

        return 1;
    }

    /// <summary>True when the plan has been emitted whole.</summary>
    public bool Done => _emitted >= plan.Tokens.Count;

    /// <summary>Marks the sequence closed; true only for the first caller, who accounts for it.</summary>
    public bool TryClose() => Interlocked.Exchange(ref _closed, 1) == 0;

    /// <summary>Ends the consumer's stream with <paramref name="error"/> (engine disposed or failed).</summary>
    public void Fail(Exception error) => _output.Writer.TryComplete(error);
}
