namespace Dynasor.Server.Tests.EngineFakes.Model;

[Collection(EngineFakesCollection.Name)]
public sealed class FakeModelTests
{
    // llama-server serving the same file (docs/llamacpp-observed.md §7.0): /completion, prompt
    // [1,403,407,261,378], temperature 0, the first 40 of its 120 generated ids.
    private static readonly int[] ObservedGreedy =
    [
        432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426, 338, 401, 396, 267, 337, 410, 408, 419, 292,
        411, 322, 265, 282, 295, 433, 426, 385, 328, 432, 358, 394, 261, 370, 432, 352, 266, 268, 388, 426,
    ];

    private static FakeModel Model()
    {
        Skip.If(FakeModel.SkipReason is not null, FakeModel.SkipReason);
        return FakeModel.Shared;
    }

    [SkippableFact]
    public void Tokenize_MatchesLlamaServer()
    {
        var model = Model();
        Assert.Equal([1, 403, 407, 261, 378], model.Tokenize("Once upon a time", addSpecial: true, parseSpecial: true));
        Assert.Equal([403, 407, 261, 378], model.Tokenize("Once upon a time", addSpecial: false, parseSpecial: true));
        Assert.Equal([1, 320, 417, 2], model.Tokenize("<s>Hi</s>", addSpecial: false, parseSpecial: true));
        Assert.Equal([410, 504, 419, 505, 440, 417, 504, 492, 419, 505], model.Tokenize("<s>Hi</s>", addSpecial: false, parseSpecial: false));
        Assert.Equal([410, 485, 243, 162, 155, 131], model.Tokenize("é😀", addSpecial: false, parseSpecial: true));
    }

    [SkippableFact]
    public void Detokenize_RendersSpecialTokensAndReplacesBrokenUtf8()
    {
        var model = Model();
        Assert.Equal("<s> Once upon a time", model.Detokenize([1, 403, 407, 261, 378]));
        Assert.Equal("</s>", model.Detokenize([2]));
        Assert.Equal("😀", model.Detokenize([243, 162, 155, 131]));
        Assert.Equal("\uFFFD", model.Detokenize([243, 162]));
    }

    [SkippableFact]
    public void Generate_Greedy_MatchesLlamaServerTokenForToken()
    {
        var tokens = Model().Generate([1, 403, 407, 261, 378], new SamplingSettings(40)).ToList();
        Assert.Equal(ObservedGreedy, tokens.Select(t => t.Id));
        Assert.StartsWith(", there was a little girl named Lily.", string.Concat(tokens.Select(t => t.Piece)));
    }

    [SkippableFact]
    public void Generate_Sampled_IsReproducibleAndPiecesConcatenateToTheText()
    {
        var model = Model();
        // Temperature 2 makes byte tokens and odd merges likely; the same seed must give the same run.
        var settings = new SamplingSettings(80) { Temperature = 2, Seed = 7 };
        var first = model.Generate([1, 403, 407, 261, 378], settings).ToList();
        var second = model.Generate([1, 403, 407, 261, 378], settings).ToList();
        Assert.Equal(first.Select(t => t.Id), second.Select(t => t.Id));
        Assert.Equal(model.Detokenize(first.Select(t => t.Id)), string.Concat(first.Select(t => t.Piece)));
        Assert.NotEqual(first.Select(t => t.Id), model.Generate([1, 403, 407, 261, 378], settings with { Seed = 8 }).Select(t => t.Id));
    }

    [SkippableFact]
    public async Task Generate_ConcurrentCalls_GiveTheSameTokensAsOneAtATime()
    {
        var model = Model();
        var expected = model.Generate([1, 403, 407, 261, 378], new SamplingSettings(30)).Select(t => t.Id).ToArray();
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            model.Generate([1, 403, 407, 261, 378], new SamplingSettings(30)).Select(t => t.Id).ToArray())));
        Assert.All(runs, run => Assert.Equal(expected, run));
    }

    [SkippableFact]
    public void Generate_LogprobsAreRealAndTopIsSortedWithTheGreedyTokenFirst()
    {
        var token = Model().Generate([1, 403, 407, 261, 378], new SamplingSettings(1) { TopLogprobs = 3 }).Single();
        // llama-server §6k: token 432 "," at -0.0318, runner-up 383 " there" at -3.547.
        Assert.Equal(432, token.Id);
        Assert.Equal(-0.0318, token.Logprob, 3);
        Assert.Equal([432, 383], token.Top.Take(2).Select(t => t.Id));
        Assert.Equal(-3.547, token.Top[1].Logprob, 2);
        Assert.True(token.Top[1].Logprob >= token.Top[2].Logprob);
    }

    [Fact]
    public void Utf8Pieces_HoldsASplitCharacterUntilItsLastByte()
    {
        var pieces = new Utf8Pieces();
        Assert.Equal("", pieces.Add([0xF0]));
        Assert.True(pieces.Pending);
        Assert.Equal("", pieces.Add([0x9F, 0x98]));
        Assert.Equal("😀", pieces.Add([0x80]));
        Assert.False(pieces.Pending);
        Assert.Equal("", pieces.Add([0xF0, 0x9F]));
        Assert.Equal("\uFFFD", pieces.Flush());
    }
}
