namespace Dynasor.Policies;

/// <summary>A policy spec that cannot be parsed or names an unknown policy or parameter. The message says the fix.</summary>
public sealed class PolicySpecException(string message) : ArgumentException(message);
