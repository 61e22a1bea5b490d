namespace Dynasor.Traces;

/// <summary>One recorded sample of a model on a question: its final answer and what it cost.</summary>
/// <param name="Answer">The final answer as the model wrote it; may be empty, may carry units or <c>$</c>.</param>
/// <param name="Tokens">Output tokens of the sample, hidden reasoning included. Never negative.</param>
/// <param name="Correct">Reference grading; when present it is authoritative.</param>
/// <param name="Reward">A reward model's score of the sample in [0, 1], when the trace has one.</param>
/// <param name="Text">The full reasoning text, when the trace has it.</param>
public sealed record TraceSample(string Answer, int Tokens, bool? Correct = null, double? Reward = null, string? Text = null)
{
    /// <summary>The probes of a Dynasor-CoT chain (JSON <c>chain</c>), when the sample is one; null for plain samples.</summary>
    public TraceChain? Chain { get; init; }
}
