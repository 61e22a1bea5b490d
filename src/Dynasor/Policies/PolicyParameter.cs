namespace Dynasor.Policies;

/// <summary>One parameter of a policy family, for <c>--list-policies</c> and validation.</summary>
/// <param name="Name">Lower-case key as written in a spec.</param>
/// <param name="Default">The value used when the spec omits it, as text.</param>
/// <param name="Description">What it means, with units and range.</param>
public sealed record PolicyParameter(string Name, string Default, string Description);
