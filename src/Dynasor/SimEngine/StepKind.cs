namespace Dynasor.SimEngine;

/// <summary>What a solution step states.</summary>
internal enum StepKind
{
    /// <summary>No recognizable value: text not in solution format (an R1 paragraph); it leaves the path's state as it was.</summary>
    Other,

    /// <summary>An intermediate value ("... the subtotal is 482.").</summary>
    Value,

    /// <summary>A boxed final answer.</summary>
    Final,
}
