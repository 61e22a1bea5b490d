namespace Dynasor.Server.Tests.EngineFakes.Model;

/// <summary>A candidate token and its log-probability under the model's raw distribution.</summary>
public readonly record struct TokenLogprob(int Id, double Logprob);
