using System.Globalization;

namespace Dynasor.Synthesis;

/// <summary>
/// Settings of <see cref="SyntheticTrace"/>. The defaults are fitted to the GSM8K / gpt-4o-mini trace
/// (1318 questions x 40 samples; see <c>src/Dynasor/Synthesis/README.md</c> for real vs synthetic figures).
/// </summary>
/// <remarks>
/// Each question draws a latent difficulty <c>d</c> uniform in [0, 1). The zone mix cuts [0, 1) into
/// easy, scaling and impossible bands (in that order); the position <c>u</c> in [0, 1) inside its band sets the
/// probability <c>p</c> that a sample gives the gold answer:
/// easy <c>p = 1 - (1 - EasyMinAccuracy) * u^EasyErrorExponent</c>;
/// scaling <c>p = ScalingMaxAccuracy - (ScalingMaxAccuracy - ScalingMinAccuracy) * u</c>;
/// impossible <c>p = ImpossibleMaxAccuracy * (1 - u)^ImpossibleAccuracyExponent</c>.
/// A wrong sample picks one of the question's distractors with Zipf weights <c>1 / rank^s</c>, where <c>s</c> is
/// drawn per question uniform in [0, skew): small <c>s</c> scatters wrong answers, large <c>s</c> makes one dominate.
/// Token counts are log-normal: <c>ln tokens = ln TokenMedian + TokenDifficultyGrowth * d + QuestionTokenSpread * z_q
/// + SampleTokenSpread * z_s (+ ln WrongTokenFactor when wrong)</c>.
/// </remarks>
public sealed record SynthOptions
{
    /// <summary>
    /// The most questions a trace may have. The largest reasoning benchmarks hold about 12,500 (MATH); 100,000 is
    /// eight times that and about 190 MB of JSON Lines at 40 samples, written in constant memory.
    /// </summary>
    public const int MaxQuestions = 100_000;

    /// <summary>
    /// The most samples per question: no self-consistency program draws more (<see cref="Programs.ScOptions.MaxSamplesLimit"/>,
    /// the replay cap, the server's <c>max_samples</c>), and a question's samples are held in memory while it is written.
    /// </summary>
    public const int MaxSamplesPerQuestion = Programs.ScOptions.MaxSamplesLimit;

    /// <summary>Number of questions, 1..<see cref="MaxQuestions"/>. Default 1318 (the GSM8K test set).</summary>
    public int Questions { get; init; } = 1318;

    /// <summary>Samples per question, 1..<see cref="MaxSamplesPerQuestion"/>. Default 40.</summary>
    public int SamplesPerQuestion { get; init; } = 40;

    /// <summary>Seed of the generator; the same options give the same trace. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Written as each question's <c>dataset</c> and used as the id prefix (<c>{Dataset}/{index}</c>). Default "synth".</summary>
    public string Dataset { get; init; } = "synth";

    /// <summary>Written as each question's <c>model</c>. Default "synth-gsm8k".</summary>
    public string Model { get; init; } = "synth-gsm8k";

    /// <summary>Share of questions in the easy zone (almost every sample right), in [0, 1]. The three shares sum to 1.</summary>
    public double EasyFraction { get; init; } = 0.89;

    /// <summary>Share of questions in the scaling zone (gold is a plurality that more samples find), in [0, 1].</summary>
    public double ScalingFraction { get; init; } = 0.065;

    /// <summary>Share of questions in the impossible zone (gold rarely or never sampled), in [0, 1].</summary>
    public double ImpossibleFraction { get; init; } = 0.045;

    /// <summary>Lowest per-sample accuracy of an easy question, in [0, 1]; the easiest have accuracy 1.</summary>
    public double EasyMinAccuracy { get; init; } = 0.72;

    /// <summary>Shape of the easy zone's error curve, &gt; 0; larger values put more easy questions near accuracy 1 (unanimous).</summary>
    public double EasyErrorExponent { get; init; } = 6.0;

    /// <summary>Per-sample accuracy of the easiest scaling question, in [0, 1].</summary>
    public double ScalingMaxAccuracy { get; init; } = 0.57;

    /// <summary>Per-sample accuracy of the hardest scaling question, in [0, <see cref="ScalingMaxAccuracy"/>].</summary>
    public double ScalingMinAccuracy { get; init; } = 0.26;

    /// <summary>Per-sample accuracy of the easiest impossible question, in [0, 1]; the hardest have accuracy 0.</summary>
    public double ImpossibleMaxAccuracy { get; init; } = 0.4;

    /// <summary>Shape of the impossible zone's accuracy curve, &gt; 0; larger values put more impossible questions near accuracy 0.</summary>
    public double ImpossibleAccuracyExponent { get; init; } = 2.5;

    /// <summary>Most distractors (distinct wrong answers) a question has, in [1, 1000]; each question draws 1..this many.</summary>
    public int MaxDistractors { get; init; } = 6;

    /// <summary>Upper bound of the per-question Zipf exponent over distractors in the easy and scaling zones, &gt;= 0.</summary>
    public double DistractorSkew { get; init; } = 0.55;

    /// <summary>Upper bound of the per-question Zipf exponent over distractors in the impossible zone, &gt;= 0 (high: a trap answer dominates).</summary>
    public double ImpossibleDistractorSkew { get; init; } = 2.8;

    /// <summary>Token scale: median output tokens of a right sample on a difficulty-0 question, &gt; 0.</summary>
    public double TokenMedian { get; init; } = 86.2;

    /// <summary>Natural-log growth of the median token count from difficulty 0 to 1, &gt;= 0 (0.8 multiplies the median by about 2.2).</summary>
    public double TokenDifficultyGrowth { get; init; } = 0.8;

    /// <summary>Standard deviation of a question's log token median around the difficulty trend, &gt;= 0 (natural log units).</summary>
    public double QuestionTokenSpread { get; init; } = 0.24;

    /// <summary>Standard deviation of a sample's log token count around its question's median, &gt;= 0 (natural log units).</summary>
    public double SampleTokenSpread { get; init; } = 0.19;

    /// <summary>
    /// Token multiplier of a wrong sample relative to a right one on the same question, &gt; 0. Fitted below 1:
    /// in the real trace wrong samples are about 25% shorter than right ones on the same question, while
    /// across the whole trace they are slightly longer (hard questions are longer).
    /// </summary>
    public double WrongTokenFactor { get; init; } = 0.75;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it, its value and the fix.</exception>
    public void Validate()
    {
        if (Questions is < 1 or > MaxQuestions)
        {
            throw Bad(nameof(Questions), Questions, $"must be in [1, {MaxQuestions}]");
        }

        if (SamplesPerQuestion is < 1 or > MaxSamplesPerQuestion)
        {
            throw Bad(nameof(SamplesPerQuestion), SamplesPerQuestion, $"must be in [1, {MaxSamplesPerQuestion}]");
        }

        if (string.IsNullOrWhiteSpace(Dataset))
        {
            throw Bad(nameof(Dataset), Dataset, "must be a non-empty name (it prefixes the question ids)");
        }

        if (Model is null)
        {
            throw Bad(nameof(Model), Model, "must not be null; use a model name such as \"synth-gsm8k\"");
        }

        Unit(nameof(EasyFraction), EasyFraction);
        Unit(nameof(ScalingFraction), ScalingFraction);
        Unit(nameof(ImpossibleFraction), ImpossibleFraction);
        var sum = EasyFraction + ScalingFraction + ImpossibleFraction;
        if (Math.Abs(sum - 1.0) > 1e-6)
        {
            throw new ArgumentException(
                FormattableString.Invariant(
                    $"EasyFraction + ScalingFraction + ImpossibleFraction = {sum}; the zone shares must sum to 1 (adjust one of them)."),
                nameof(EasyFraction));
        }

        Unit(nameof(EasyMinAccuracy), EasyMinAccuracy);
        Positive(nameof(EasyErrorExponent), EasyErrorExponent);
        Unit(nameof(ScalingMaxAccuracy), ScalingMaxAccuracy);
        Unit(nameof(ScalingMinAccuracy), ScalingMinAccuracy);
        if (ScalingMinAccuracy > ScalingMaxAccuracy)
        {
            throw Bad(nameof(ScalingMinAccuracy), ScalingMinAccuracy,
                FormattableString.Invariant($"must not exceed ScalingMaxAccuracy ({ScalingMaxAccuracy}); lower it or raise ScalingMaxAccuracy"));
        }

        Unit(nameof(ImpossibleMaxAccuracy), ImpossibleMaxAccuracy);
        Positive(nameof(ImpossibleAccuracyExponent), ImpossibleAccuracyExponent);
        if (MaxDistractors is < 1 or > 1000)
        {
            throw Bad(nameof(MaxDistractors), MaxDistractors, "must be in [1, 1000]");
        }

        NonNegative(nameof(DistractorSkew), DistractorSkew);
        NonNegative(nameof(ImpossibleDistractorSkew), ImpossibleDistractorSkew);
        Positive(nameof(TokenMedian), TokenMedian);
        NonNegative(nameof(TokenDifficultyGrowth), TokenDifficultyGrowth);
        NonNegative(nameof(QuestionTokenSpread), QuestionTokenSpread);
        NonNegative(nameof(SampleTokenSpread), SampleTokenSpread);
        Positive(nameof(WrongTokenFactor), WrongTokenFactor);
    }

    private static void Unit(string name, double value)
    {
        // Written as a positive range test so NaN fails too.
        if (!(value >= 0.0 && value <= 1.0))
        {
            throw Bad(name, value, "must be in [0, 1]");
        }
    }

    private static void Positive(string name, double value)
    {
        if (!(value > 0.0 && double.IsFinite(value)))
        {
            throw Bad(name, value, "must be a finite number greater than 0");
        }
    }

    private static void NonNegative(string name, double value)
    {
        if (!(value >= 0.0 && double.IsFinite(value)))
        {
            throw Bad(name, value, "must be a finite number, 0 or more");
        }
    }

    private static ArgumentException Bad(string name, object? value, string fix) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{name} = {value ?? "null"} {fix}."), name);
}
