namespace Dynasor.Cot;

/// <summary>
/// Whether the offline rule reproduces what the server did (<see cref="CotReplayer.CheckLive"/>): each chain replayed with
/// its own recorded k and T must exit where the live run exited, with the same answer and tokens, or not exit at all.
/// </summary>
/// <param name="Checked">Chains recorded with their window (traces from <c>dynasor serve --record</c>).</param>
/// <param name="Matched">Of those, chains whose offline decision equals the live one.</param>
/// <param name="LiveExits">Chains the live run cut early.</param>
/// <param name="Mismatches">Up to five chains that differ, each as <c>id: live ..., offline ...</c>.</param>
public sealed record LiveCheck(int Checked, int Matched, int LiveExits, IReadOnlyList<string> Mismatches);
