using System.Globalization;

namespace Dynasor.Simulation;

/// <summary>
/// Fits an <see cref="IterationCostModel"/> by least squares to measured iterations, the way DistServe fits its
/// profiles: prefill rows give <c>ms ≈ a + b·Σl + c·Σl²</c>, decode rows give <c>ms ≈ a + b·Σcontext + c·batch</c>.
/// </summary>
/// <remarks>
/// CSV: a header <c>phase,sum_length,sum_squared_length,sum_context,batch,ms</c>, then one row per iteration;
/// <c>phase</c> is <c>prefill</c> (fills sum_length, sum_squared_length) or <c>decode</c> (fills sum_context, batch);
/// unused cells may be empty. Each phase needs at least three rows that vary independently.
/// </remarks>
public static class CostModelFit
{
    private static readonly string[] Header = ["phase", "sum_length", "sum_squared_length", "sum_context", "batch", "ms"];

    /// <summary>Reads and fits a CSV file; errors name the file, the line and the fix.</summary>
    public static IterationCostModel FromCsv(string path)
    {
        if (Directory.Exists(path))
            throw new IOException($"cost measurements '{path}' is a directory; pass a CSV file with the header {string.Join(',', Header)}");
        if (!File.Exists(path))
            throw new FileNotFoundException($"cost measurements '{path}' do not exist; pass a CSV file with the header {string.Join(',', Header)}", path);
        var lines = File.ReadAllLines(path);
        var name = Path.GetFileName(path);
        if (lines.Length == 0 || !lines[0].Split(',').Select(h => h.Trim().ToLowerInvariant()).SequenceEqual(Header))
            throw new ArgumentException($"{name}: the first line must be the header {string.Join(',', Header)}");
        var prefill = new List<double[]>();
        var decode = new List<double[]>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
                continue;
            var cells = lines[i].Split(',');
            if (cells.Length != Header.Length)
                throw new ArgumentException($"{name}:{i + 1}: expected {Header.Length} comma-separated cells, got {cells.Length}");
            double Cell(int c) => cells[c].Trim().Length == 0 ? 0
                : double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v
                : throw new ArgumentException($"{name}:{i + 1}: '{cells[c].Trim()}' in column {Header[c]} is not a number");
            switch (cells[0].Trim().ToLowerInvariant())
            {
                case "prefill":
                    prefill.Add([1, Cell(1), Cell(2), Cell(5)]);
                    break;
                case "decode":
                    decode.Add([1, Cell(3), Cell(4), Cell(5)]);
                    break;
                default:
                    throw new ArgumentException($"{name}:{i + 1}: phase must be prefill or decode, got '{cells[0].Trim()}'");
            }
        }
        var p = Solve(prefill, $"{name}: prefill rows");
        var d = Solve(decode, $"{name}: decode rows");
        return new IterationCostModel("fitted:" + name, p[0], p[1], p[2], d[0], d[1], d[2], $"least-squares fit to {name} ({prefill.Count} prefill, {decode.Count} decode iterations)");
    }

    /// <summary>Least squares for y ≈ w·x over rows [x0, x1, x2, y], with columns scaled for a well-conditioned solve.</summary>
    public static double[] Solve(IReadOnlyList<double[]> rows, string what)
    {
        if (rows.Count < 3)
            throw new ArgumentException($"{what}: need at least 3 measured iterations to fit 3 coefficients, got {rows.Count}");
        var scale = new double[3];
        for (var j = 0; j < 3; j++)
            scale[j] = Math.Max(1e-300, rows.Max(r => Math.Abs(r[j])));
        // Normal equations (XᵀX) w = Xᵀy on scaled columns, then Gaussian elimination with partial pivoting.
        var m = new double[3, 4];
        foreach (var r in rows)
        {
            for (var i = 0; i < 3; i++)
            {
                for (var j = 0; j < 3; j++)
                    m[i, j] += r[i] / scale[i] * (r[j] / scale[j]);
                m[i, 3] += r[i] / scale[i] * r[3];
            }
        }
        for (var col = 0; col < 3; col++)
        {
            var pivot = col;
            for (var i = col + 1; i < 3; i++)
            {
                if (Math.Abs(m[i, col]) > Math.Abs(m[pivot, col]))
                    pivot = i;
            }
            if (Math.Abs(m[pivot, col]) < 1e-12 * rows.Count)
                throw new ArgumentException($"{what}: the measurements do not vary enough to separate the three coefficients; measure more different batch shapes");
            for (var j = 0; j < 4; j++)
                (m[col, j], m[pivot, j]) = (m[pivot, j], m[col, j]);
            for (var i = 0; i < 3; i++)
            {
                if (i == col)
                    continue;
                var f = m[i, col] / m[col, col];
                for (var j = col; j < 4; j++)
                    m[i, j] -= f * m[col, j];
            }
        }
        return [m[0, 3] / m[0, 0] / scale[0], m[1, 3] / m[1, 1] / scale[1], m[2, 3] / m[2, 2] / scale[2]];
    }
}
