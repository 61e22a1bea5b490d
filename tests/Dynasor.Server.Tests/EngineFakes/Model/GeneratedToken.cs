namespace Dynasor.Server.Tests.EngineFakes.Model;

/// <summary>
/// One generated token. <see cref="Piece"/> is the text it completes: a token that ends inside a multi-byte UTF-8
/// character has an empty piece and the token that completes it carries the whole character, so the pieces of a
/// generation concatenate to <see cref="FakeModel.Detokenize"/> of its ids. <see cref="Logprob"/> is the token's
/// log-probability under the model's raw distribution (log-softmax of the logits, before temperature);
/// <see cref="Top"/> holds the most likely alternatives when asked for, best first.
/// </summary>
public sealed record GeneratedToken(int Id, string Piece, double Logprob, IReadOnlyList<TokenLogprob> Top);
