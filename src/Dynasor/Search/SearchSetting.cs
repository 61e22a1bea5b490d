using Dynasor.Policies;

namespace Dynasor.Search;

/// <summary>One row of a search evaluation: a policy and the program's cap under it.</summary>
/// <param name="Spec">The canonical policy spec.</param>
/// <param name="Cap">The program's cap (knob units).</param>
/// <param name="Even">True for an even-allocation row (<c>sc:n=Cap</c>).</param>
internal sealed record SearchSetting(PolicySpec Spec, int Cap, bool Even)
{
    /// <summary>A fresh policy for one program run (policies may keep state per run).</summary>
    public IAllocationPolicy Policy() => PolicyCatalog.Create(Spec);
}
