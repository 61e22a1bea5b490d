using BenchmarkDotNet.Running;

namespace Dynasor.Benchmarks;

/// <summary>Runs the suites: <c>dotnet run -c Release --project bench/Dynasor.Benchmarks -- --filter '*'</c>.</summary>
internal static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
