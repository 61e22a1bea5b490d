using System.Text.Json;

namespace Dynasor.Engines;

/// <summary>One generation request to a streaming engine.</summary>
/// <param name="Messages">The conversation so far (system, user, earlier assistant turns), without the partial assistant turn.</param>
/// <param name="AssistantPrefix">Text the assistant turn already has; the engine continues it (empty for a fresh turn).</param>
/// <param name="MaxTokens">Most tokens to generate in this request, at least 1.</param>
/// <param name="Sampling">Temperature, top-p, seed and stop sequences.</param>
public sealed record ContinuationRequest(IReadOnlyList<ChatTurn> Messages, string AssistantPrefix, int MaxTokens, SamplingOptions Sampling)
{
    /// <summary>The content of the last user turn: what the simulated engine treats as the question.</summary>
    public string Question => Messages.LastOrDefault(m => m.Role == "user")?.Content ?? "";

    /// <summary>
    /// The scheduling priority to pass to an engine that takes one (vLLM's and SGLang's <c>priority</c>), already in
    /// that engine's convention; null: send none. Set by the live scheduler, never by modes.
    /// </summary>
    public long? Priority { get; init; }

    /// <summary>The engine's name for the model to run, when the client's request resolved to one; null: the engine's default.</summary>
    public string? Model { get; init; }

    /// <summary>
    /// Reasoning text the assistant turn already has (filed by the engine in its reasoning field), before
    /// <see cref="AssistantPrefix"/>'s content; empty when the engine files no reasoning separately.
    /// </summary>
    public string ReasoningPrefix { get; init; } = "";

    /// <summary>
    /// Text after the prefix that the model did not generate and that is not part of the turn: a probe's question. It
    /// goes where the turn stands (inside the reasoning when <see cref="InReasoning"/>, else after the content).
    /// </summary>
    public string Suffix { get; init; } = "";

    /// <summary>
    /// The prompt as the engine tokenised it in an earlier request of this program (<see cref="StreamReport.PromptTokenIds"/>);
    /// with <see cref="PrefixTokenIds"/> it lets an engine that takes token ids continue exactly, with no re-tokenisation.
    /// </summary>
    public int[]? PromptTokenIds { get; init; }

    /// <summary>The ids of the generated prefix (reasoning and content) as the engine generated them; null when any piece came without ids.</summary>
    public int[]? PrefixTokenIds { get; init; }

    /// <summary>
    /// The program will continue this turn in later requests (a Dynasor-CoT chunk): an engine that can answers with
    /// token ids, so the next request continues exactly. False for one-shot requests (samples, probes).
    /// </summary>
    public bool Continued { get; init; }

    /// <summary>Whether the generated prefix ends inside an open reasoning block, as the engine last reported; null: unknown.</summary>
    public bool? InReasoning { get; init; }

    /// <summary>
    /// The client's own request fields that shape the prompt or the sampling (<c>top_k</c>, <c>chat_template_kwargs</c>,
    /// the messages as sent, ...), as one JSON object an HTTP engine forwards unchanged on every request it makes for this
    /// continuation; null for none. In-process engines ignore it.
    /// </summary>
    public JsonElement? ClientFields { get; init; }

    /// <summary>
    /// The client's raw prompt when the request is a text completion (<c>/v1/completions</c>): an HTTP engine continues
    /// this string, not a chat; <see cref="Messages"/> then holds the same prompt read as turns, for in-process engines.
    /// </summary>
    public string? Prompt { get; init; }

    /// <summary>Everything the turn holds as text, reasoning first, then the suffix: for engines that continue one string.</summary>
    public string TextPrefix => ReasoningPrefix + AssistantPrefix + Suffix;
}
