using Dynasor.Replay;

namespace Dynasor.Cli.Reports;

/// <summary>One line of a token-to-accuracy chart: the results of one policy family on one trace.</summary>
/// <param name="Family">Policy family name (the spec's text before ':'), shown in the legend.</param>
/// <param name="Color">CSS color of the line, markers and error bars.</param>
/// <param name="Marker">Marker shape index; shapes cycle so families stay distinguishable without color.</param>
/// <param name="Points">The family's results, in drawing order (ascending tokens).</param>
internal sealed record ChartSeries(string Family, string Color, int Marker, IReadOnlyList<ReplayResult> Points);
