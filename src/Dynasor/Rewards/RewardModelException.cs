namespace Dynasor.Rewards;

/// <summary>A reward model failed or answered with something that is not a score. The message names the model and the fix.</summary>
public sealed class RewardModelException(string message, Exception? inner = null) : Exception(message, inner);
