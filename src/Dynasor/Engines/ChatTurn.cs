namespace Dynasor.Engines;

/// <summary>One message of a conversation, as in the OpenAI chat API.</summary>
/// <param name="Role"><c>system</c>, <c>developer</c>, <c>user</c>, <c>assistant</c> or <c>tool</c>.</param>
/// <param name="Content">The message text.</param>
public sealed record ChatTurn(string Role, string Content);
