using System.Text;

namespace Dynasor.Server.Modes;

/// <summary>A finished choice gathered from its events (for non-streaming answers and the final accounting).</summary>
public sealed class ChoiceOutcome
{
    private readonly StringBuilder _text = new();
    private StringBuilder? _reasoning;

    /// <summary>Completion tokens the client got.</summary>
    public long ClientTokens { get; private set; }

    /// <summary>The finish reason, once the choice ended.</summary>
    public string? FinishReason { get; private set; }

    /// <summary>The mode's summary, once the choice ended.</summary>
    public ModeSummary? Summary { get; private set; }

    /// <summary>The content text.</summary>
    public string Text => _text.ToString();

    /// <summary>The reasoning text, or null if the engine sent none.</summary>
    public string? Reasoning => _reasoning?.ToString();

    /// <summary>
    /// The prompt tokens of a request: the engine's own count (the prompt is counted once however many choices), or
    /// <paramref name="estimate"/> only for an engine that reported none.
    /// </summary>
    public static int PromptTokens(IEnumerable<ChoiceOutcome> outcomes, Func<int> estimate) =>
        outcomes.Select(o => o.Summary?.PromptTokens).FirstOrDefault(p => p is not null) ?? estimate();

    /// <summary>Adds one event; <paramref name="keepText"/> false when the text is streamed and need not be kept.</summary>
    public void Add(ModeEvent e, bool keepText)
    {
        ClientTokens += e.Tokens;
        if (keepText)
        {
            _text.Append(e.Text);
            if (e.Reasoning is not null)
                (_reasoning ??= new StringBuilder()).Append(e.Reasoning);
        }
        if (e.Summary is not null)
            (FinishReason, Summary) = (e.FinishReason ?? "stop", e.Summary);
    }
}
