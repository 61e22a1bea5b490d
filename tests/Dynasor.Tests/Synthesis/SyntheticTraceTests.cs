using System.Globalization;
using Dynasor.Synthesis;
using Dynasor.Traces;
using Xunit;

namespace Dynasor.Tests.Synthesis;

public class SyntheticTraceTests
{
    // Measured from shared/traces/gsm8k.gpt-4o-mini.jsonl (1318 questions x 40 samples) with TraceFigures:
    // plurality of exact answer strings, ties to the first seen, graded by the trace's correct flag.
    // Kept as constants so this test runs where the real trace is absent.
    private const double RealOneSampleAccuracy = 0.8885;
    private const double RealMajorityAccuracy = 0.9423;
    private const double RealTokenMean = 132.86;
    private const double RealTokenStd = 49.99;
    private const double RealUnanimousFraction = 0.5546;

    private static readonly SynthOptions Small = new() { Questions = 60, SamplesPerQuestion = 12 };

    [Fact]
    public void Generate_DefaultOptionsSeed0_LandsWithinToleranceOfFittedTargets()
    {
        var figures = TraceFigures.Measure(SyntheticTrace.Generate(new SynthOptions()));

        // Over seeds 0..99 the means sit within 0.2 points / 0.3% of the targets and the seed-to-seed standard
        // deviations are 0.6 points (either accuracy), 0.9% (token mean), 1.7% (token std) and 1.4 points
        // (unanimous), so these bounds hold for any reasonable seed and still catch a broken fit.
        Assert.InRange(figures.OneSampleAccuracy, RealOneSampleAccuracy - 0.015, RealOneSampleAccuracy + 0.015);
        Assert.InRange(figures.MajorityAccuracy, RealMajorityAccuracy - 0.015, RealMajorityAccuracy + 0.015);
        Assert.InRange(figures.TokenMean, RealTokenMean * 0.9, RealTokenMean * 1.1);
        Assert.InRange(figures.TokenStd, RealTokenStd * 0.85, RealTokenStd * 1.15);
        Assert.InRange(figures.UnanimousFraction, RealUnanimousFraction - 0.04, RealUnanimousFraction + 0.04);
    }

    [Fact]
    public void Generate_DefaultOptions_HasGsm8kShape()
    {
        var questions = SyntheticTrace.Generate(new SynthOptions()).ToList();

        Assert.Equal(1318, questions.Count);
        Assert.All(questions, q => Assert.Equal(40, q.Samples.Count));
        Assert.Equal(questions.Count, questions.Select(q => q.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("synth/0", questions[0].Id);
        Assert.All(questions, q =>
        {
            Assert.Equal("synth", q.Dataset);
            Assert.Equal("synth-gsm8k", q.Model);
        });
    }

    [Fact]
    public void Generate_AnySeed_SamplesAreConsistent()
    {
        var seeds = new Random(20240617);
        for (var run = 0; run < 20; run++)
        {
            var options = Small with { Seed = seeds.Next(), MaxDistractors = seeds.Next(1, 12) };
            foreach (var question in SyntheticTrace.Generate(options))
            {
                Assert.NotNull(question.Target);
                Assert.True(int.TryParse(question.Target, NumberStyles.None, CultureInfo.InvariantCulture, out _), question.Target);
                var wrongAnswers = new HashSet<string>(StringComparer.Ordinal);
                foreach (var sample in question.Samples)
                {
                    Assert.Equal(sample.Answer == question.Target, sample.Correct);
                    Assert.True(int.TryParse(sample.Answer, NumberStyles.None, CultureInfo.InvariantCulture, out _), sample.Answer);
                    Assert.True(sample.Tokens >= 1, "at least one token");
                    Assert.Null(sample.Reward);
                    Assert.Null(sample.Text);
                    if (sample.Correct == false)
                    {
                        wrongAnswers.Add(sample.Answer);
                    }
                }

                Assert.True(wrongAnswers.Count <= options.MaxDistractors);
            }
        }
    }

    [Fact]
    public void Generate_SameSeed_SameQuestions()
    {
        var first = Flatten(SyntheticTrace.Generate(Small with { Seed = 42 }));
        var second = Flatten(SyntheticTrace.Generate(Small with { Seed = 42 }));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Generate_DifferentSeeds_DifferentQuestions()
    {
        var first = Flatten(SyntheticTrace.Generate(Small with { Seed = 1 }));
        var second = Flatten(SyntheticTrace.Generate(Small with { Seed = 2 }));

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Generate_FewerQuestions_PrefixOfMore()
    {
        var many = Flatten(SyntheticTrace.Generate(Small with { Questions = 50 }));
        var few = Flatten(SyntheticTrace.Generate(Small with { Questions = 7 }));

        Assert.Equal(many.Take(few.Count), few);
    }

    [Fact]
    public void Generate_EasyZoneOnly_AlmostEverySampleRight()
    {
        var figures = TraceFigures.Measure(SyntheticTrace.Generate(new SynthOptions
        {
            Questions = 400,
            EasyFraction = 1.0,
            ScalingFraction = 0.0,
            ImpossibleFraction = 0.0,
        }));

        Assert.True(figures.OneSampleAccuracy > 0.93, $"one-sample accuracy {figures.OneSampleAccuracy}");
        Assert.True(figures.MajorityAccuracy > 0.99, $"majority accuracy {figures.MajorityAccuracy}");
    }

    [Fact]
    public void Generate_ScalingZoneOnly_MajorityVoteBeatsOneSampleByFar()
    {
        var figures = TraceFigures.Measure(SyntheticTrace.Generate(new SynthOptions
        {
            Questions = 400,
            EasyFraction = 0.0,
            ScalingFraction = 1.0,
            ImpossibleFraction = 0.0,
        }));

        Assert.True(figures.OneSampleAccuracy < 0.5, $"one-sample accuracy {figures.OneSampleAccuracy}");
        Assert.True(
            figures.MajorityAccuracy > figures.OneSampleAccuracy + 0.3,
            $"majority {figures.MajorityAccuracy} vs one-sample {figures.OneSampleAccuracy}");
    }

    [Fact]
    public void Generate_ImpossibleZoneOnly_MajorityVoteRarelyRight()
    {
        var figures = TraceFigures.Measure(SyntheticTrace.Generate(new SynthOptions
        {
            Questions = 400,
            EasyFraction = 0.0,
            ScalingFraction = 0.0,
            ImpossibleFraction = 1.0,
        }));

        Assert.True(figures.OneSampleAccuracy < 0.2, $"one-sample accuracy {figures.OneSampleAccuracy}");
        Assert.True(figures.MajorityAccuracy < 0.2, $"majority accuracy {figures.MajorityAccuracy}");
    }

    [Fact]
    public void Generate_LongerTokenMedian_ScalesTokenMean()
    {
        var baseline = TraceFigures.Measure(SyntheticTrace.Generate(Small));
        var doubled = TraceFigures.Measure(SyntheticTrace.Generate(Small with { TokenMedian = Small.TokenMedian * 2 }));

        // Same seed, same draws: only the scale changes (up to rounding to whole tokens).
        Assert.InRange(doubled.TokenMean / baseline.TokenMean, 1.99, 2.01);
    }

    [Fact]
    public void Generate_InvalidOptions_ThrowsAtCallNotOnEnumeration()
    {
        var error = Assert.Throws<ArgumentException>(() => SyntheticTrace.Generate(new SynthOptions { Questions = 0 }));

        Assert.Equal(nameof(SynthOptions.Questions), error.ParamName);
    }

    [Fact]
    public void Validate_Defaults_DoesNotThrow()
    {
        new SynthOptions().Validate();
    }

    public static TheoryData<string, SynthOptions> InvalidOptions() => new()
    {
        { nameof(SynthOptions.Questions), new SynthOptions { Questions = 0 } },
        { nameof(SynthOptions.Questions), new SynthOptions { Questions = SynthOptions.MaxQuestions + 1 } },
        { nameof(SynthOptions.SamplesPerQuestion), new SynthOptions { SamplesPerQuestion = -3 } },
        { nameof(SynthOptions.SamplesPerQuestion), new SynthOptions { SamplesPerQuestion = SynthOptions.MaxSamplesPerQuestion + 1 } },
        { nameof(SynthOptions.Dataset), new SynthOptions { Dataset = " " } },
        { nameof(SynthOptions.Model), new SynthOptions { Model = null! } },
        { nameof(SynthOptions.EasyFraction), new SynthOptions { EasyFraction = 1.2 } },
        { nameof(SynthOptions.EasyFraction), new SynthOptions { EasyFraction = 0.5 } },
        { nameof(SynthOptions.ScalingFraction), new SynthOptions { ScalingFraction = double.NaN } },
        { nameof(SynthOptions.ImpossibleFraction), new SynthOptions { ImpossibleFraction = -0.1 } },
        { nameof(SynthOptions.EasyMinAccuracy), new SynthOptions { EasyMinAccuracy = 1.5 } },
        { nameof(SynthOptions.EasyErrorExponent), new SynthOptions { EasyErrorExponent = 0 } },
        { nameof(SynthOptions.ScalingMaxAccuracy), new SynthOptions { ScalingMaxAccuracy = -1 } },
        { nameof(SynthOptions.ScalingMinAccuracy), new SynthOptions { ScalingMinAccuracy = 0.9, ScalingMaxAccuracy = 0.5 } },
        { nameof(SynthOptions.ImpossibleMaxAccuracy), new SynthOptions { ImpossibleMaxAccuracy = 2 } },
        { nameof(SynthOptions.ImpossibleAccuracyExponent), new SynthOptions { ImpossibleAccuracyExponent = double.PositiveInfinity } },
        { nameof(SynthOptions.MaxDistractors), new SynthOptions { MaxDistractors = 0 } },
        { nameof(SynthOptions.DistractorSkew), new SynthOptions { DistractorSkew = -0.5 } },
        { nameof(SynthOptions.ImpossibleDistractorSkew), new SynthOptions { ImpossibleDistractorSkew = double.NaN } },
        { nameof(SynthOptions.TokenMedian), new SynthOptions { TokenMedian = 0 } },
        { nameof(SynthOptions.TokenDifficultyGrowth), new SynthOptions { TokenDifficultyGrowth = -1 } },
        { nameof(SynthOptions.QuestionTokenSpread), new SynthOptions { QuestionTokenSpread = -0.1 } },
        { nameof(SynthOptions.SampleTokenSpread), new SynthOptions { SampleTokenSpread = double.NaN } },
        { nameof(SynthOptions.WrongTokenFactor), new SynthOptions { WrongTokenFactor = 0 } },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Validate_BadValue_ThrowsArgumentNamingIt(string name, SynthOptions options)
    {
        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(name, error.ParamName);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    // Records compare lists by reference, so questions are flattened to comparable text.
    private static List<string> Flatten(IEnumerable<TraceQuestion> questions) =>
        questions.SelectMany(q => q.Samples.Select(s =>
            string.Create(CultureInfo.InvariantCulture, $"{q.Id}|{q.Dataset}|{q.Model}|{q.Target}|{s.Answer}|{s.Tokens}|{s.Correct}"))).ToList();
}
