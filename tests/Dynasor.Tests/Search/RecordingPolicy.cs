using Dynasor.Policies;
using Dynasor.Programs;

namespace Dynasor.Tests.Search;

/// <summary>Passes the inner policy's grants through and records each one.</summary>
internal sealed class RecordingPolicy(IAllocationPolicy inner, List<int> grants) : IAllocationPolicy
{
    public int Next(ProgramProgress progress)
    {
        var grant = inner.Next(progress);
        grants.Add(grant);
        return grant;
    }
}
