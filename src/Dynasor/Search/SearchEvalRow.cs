namespace Dynasor.Search;

/// <summary>One line of a search evaluation: one program and setting over every question. Per-question figures are means.</summary>
/// <param name="Mode"><c>rebase</c>, <c>mcts</c>, <c>bon</c> or <c>wsc</c>.</param>
/// <param name="Setting">The canonical policy spec (<c>sc:n=CAP</c> for even allocation).</param>
/// <param name="Cap">The program's cap (knob units) under this setting.</param>
/// <param name="Even">True for even allocation at <paramref name="Cap"/>.</param>
/// <param name="Baseline">True for the even row at the largest cap, which savings are measured against.</param>
/// <param name="Questions">Questions run.</param>
/// <param name="Accuracy">Share of questions answered right, in [0, 1].</param>
/// <param name="UpstreamTokensPerQuestion">Policy-model output tokens of every request.</param>
/// <param name="CompletionTokensPerQuestion">Output tokens of the text the client gets (the chosen path or sample).</param>
/// <param name="RewardTokensPerQuestion">Tokens the reward model read.</param>
/// <param name="KnobPerQuestion">Knob units spent: Rebase solutions, MCTS iterations, samples.</param>
/// <param name="StepsPerQuestion">LLM requests: step requests for Rebase and MCTS, samples for best-of-N.</param>
public sealed record SearchEvalRow(
    string Mode,
    string Setting,
    int Cap,
    bool Even,
    bool Baseline,
    int Questions,
    double Accuracy,
    double UpstreamTokensPerQuestion,
    double CompletionTokensPerQuestion,
    double RewardTokensPerQuestion,
    double KnobPerQuestion,
    double StepsPerQuestion);
