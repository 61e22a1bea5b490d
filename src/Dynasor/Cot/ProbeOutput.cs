namespace Dynasor.Cot;

/// <summary>What one probe returned.</summary>
/// <param name="Text">The probe's whole output (generated after the probe suffix); empty when the probe failed.</param>
/// <param name="Answer">The trimmed text before the brace that closes the box; empty when the box was not closed.</param>
/// <param name="AnswerTokens">Tokens of the pieces that spelled the answer.</param>
/// <param name="Closed">True when the output closed the box.</param>
internal sealed record ProbeOutput(string Text, string Answer, int AnswerTokens, bool Closed);
