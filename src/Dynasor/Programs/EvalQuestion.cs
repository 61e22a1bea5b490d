namespace Dynasor.Programs;

/// <summary>A question to evaluate on, with the answer it is graded against.</summary>
/// <param name="Text">The user turn sent to the engine.</param>
/// <param name="Gold">The right answer (graded by <see cref="Answers.AnswerGrader"/>).</param>
public sealed record EvalQuestion(string Text, string Gold);
