namespace Dynasor.Programs;

/// <summary>One line of an evaluation: one mode and setting over every question.</summary>
/// <param name="Mode"><c>off</c> (plain generation), <c>cot</c> (Dynasor-CoT) or <c>sc</c> (self-consistency).</param>
/// <param name="Setting">The effort preset with its (k, T), or the canonical policy spec; "-" for <c>off</c>.</param>
/// <param name="Questions">Questions run.</param>
/// <param name="Accuracy">Share of questions answered right, in [0, 1].</param>
/// <param name="UpstreamTokensPerQuestion">Mean tokens generated upstream per question: chain, probes, every sample.</param>
/// <param name="CompletionTokensPerQuestion">Mean tokens the client received per question.</param>
/// <param name="ExitedEarly">Share of questions that exited early (Dynasor-CoT only, else null).</param>
/// <param name="SamplesPerQuestion">Mean samples per question (self-consistency only, else null).</param>
public sealed record EvalRow(
    string Mode,
    string Setting,
    int Questions,
    double Accuracy,
    double UpstreamTokensPerQuestion,
    double CompletionTokensPerQuestion,
    double? ExitedEarly = null,
    double? SamplesPerQuestion = null);
