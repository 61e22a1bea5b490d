namespace Dynasor.Simulation;

/// <summary>One line of a simulation report: one allocation, scheduler, rate and SLO scale.</summary>
/// <param name="Allocation">The allocation policy spec.</param>
/// <param name="Scheduler">The scheduling policy name.</param>
/// <param name="Rate">Offered program rate, programs per second.</param>
/// <param name="SloScale">The SLO scale the deadlines were judged at.</param>
/// <param name="Programs">Programs simulated.</param>
/// <param name="Attainment">Fraction of programs answered by their deadline, 0..1.</param>
/// <param name="MeanLatency">Mean program latency, seconds.</param>
/// <param name="P90Latency">90th-percentile program latency (nearest rank), seconds.</param>
/// <param name="Accuracy">Fraction of programs whose majority answer is right.</param>
/// <param name="TokensPerProgram">Mean output tokens per program.</param>
/// <param name="TokenThroughput">Output tokens the engines decoded per second of makespan, all replicas.</param>
/// <param name="FinishTimeFairness">
/// Mean over programs of latency per output token (PAPER.md's finish-time fairness), milliseconds per token; lower is better.
/// </param>
public sealed record SimulationResult(
    string Allocation,
    string Scheduler,
    double Rate,
    double SloScale,
    int Programs,
    double Attainment,
    double MeanLatency,
    double P90Latency,
    double Accuracy,
    double TokensPerProgram,
    double TokenThroughput,
    double FinishTimeFairness);
