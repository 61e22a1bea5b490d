using Dynasor.Replay;

namespace Dynasor.Cli.Reports;

/// <summary>One line of a token-to-accuracy chart: the results of one policy family (under one program) on one trace.</summary>
/// <param name="Family">Series label shown in the legend: the policy family (the spec's text before ':'), its reward gate
/// when it has one (<c>static/max</c>), and the program first when the report has programs other than <c>sc</c> (<c>bon static/max</c>).</param>
/// <param name="Color">CSS color of the line, markers and error bars.</param>
/// <param name="Marker">Marker shape index; shapes cycle so families stay distinguishable without color.</param>
/// <param name="Points">The family's results, in drawing order (ascending tokens).</param>
/// <param name="Dash">SVG <c>stroke-dasharray</c> of the line, telling programs apart (null: solid, as <c>sc</c> is).</param>
internal sealed record ChartSeries(string Family, string Color, int Marker, IReadOnlyList<ReplayResult> Points, string? Dash = null);
