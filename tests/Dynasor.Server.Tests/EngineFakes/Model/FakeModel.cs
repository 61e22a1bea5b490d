using System.Text;
using LLama;
using LLama.Common;
using LLama.Native;

namespace Dynasor.Server.Tests.EngineFakes.Model;

/// <summary>
/// The real language model behind every engine fake: Karpathy's stories260K (a 260K-parameter Llama with a
/// 512-token SentencePiece vocabulary and no chat template) run in process by LLamaSharp's llama.cpp build, read
/// from <c>../shared/models/</c> beside the repository (see that folder's README). One instance per test process,
/// loaded on first use. Thread-safe: every <see cref="Generate"/> call evaluates its prompt in a fresh context of
/// its own, so concurrent requests neither wait for nor disturb each other, and the same prompt ids and settings
/// always yield the same tokens.
/// </summary>
public sealed class FakeModel
{
    public const string FileName = "stories260K.gguf";

    /// <summary>The model's trained context: prompt plus generated tokens never exceed it.</summary>
    public const int ContextSize = 2048;

    private const int BatchSize = 512;
    private static readonly Lazy<string?> Path = new(FindModelFile);
    private static readonly Lazy<FakeModel> Instance = new(() => new FakeModel(Path.Value
        ?? throw new InvalidOperationException(SkipReason)));

    private readonly LLamaWeights _weights;
    private readonly ModelParams _params;
    private readonly byte[][] _tokenBytes;

    private FakeModel(string path)
    {
        QuietNativeLog.Apply();
        _params = new ModelParams(path)
        {
            ContextSize = ContextSize,
            BatchSize = BatchSize,
            UBatchSize = BatchSize,
            // One thread: the model is tiny, and it keeps each context's arithmetic in one fixed order.
            Threads = 1,
            BatchThreads = 1,
            GpuLayerCount = 0,
        };
        _weights = LLamaWeights.LoadFromFile(_params);
        var vocab = _weights.Vocab;
        VocabSize = vocab.Count;
        Bos = (int)(vocab.BOS ?? throw new InvalidOperationException("the model has no BOS token"));
        Eos = (int)(vocab.EOS ?? throw new InvalidOperationException("the model has no EOS token"));
        _tokenBytes = Enumerable.Range(0, VocabSize).Select(ReadTokenBytes).ToArray();
        ModelPath = path;
    }

    /// <summary>Null when the model file is present; otherwise why tests that need it skip.</summary>
    public static string? SkipReason => Path.Value is null
        ? $"{FileName} not found in ../shared/models beside the repository root (the folder holding Dynasor.slnx)"
        : null;

    /// <summary>The process-wide model; check <see cref="SkipReason"/> first.</summary>
    public static FakeModel Shared => Instance.Value;

    public string ModelPath { get; }

    public int VocabSize { get; }

    public int Bos { get; }

    public int Eos { get; }

    /// <summary>llama.cpp tokenisation: <paramref name="addSpecial"/> prepends BOS; <paramref name="parseSpecial"/>
    /// turns the text <c>&lt;s&gt;</c>/<c>&lt;/s&gt;</c> into those tokens instead of spelling them out.</summary>
    public int[] Tokenize(string text, bool addSpecial, bool parseSpecial) => text.Length == 0 && !addSpecial
        ? []
        : _weights.NativeHandle.Tokenize(text, addSpecial, parseSpecial, Encoding.UTF8).Select(t => (int)t).ToArray();

    /// <summary>The text of the ids' bytes; special tokens render as their text (<c>&lt;s&gt;</c>), and an
    /// incomplete or invalid UTF-8 sequence becomes U+FFFD (as llama-server's <c>/detokenize</c> does).</summary>
    public string Detokenize(IEnumerable<int> ids) => Encoding.UTF8.GetString(ids.SelectMany(TokenBytes).ToArray());

    /// <summary>The raw bytes of one token (a SentencePiece byte token is a single byte).</summary>
    public byte[] TokenBytes(int id) => id >= 0 && id < VocabSize
        ? _tokenBytes[id]
        : throw new ArgumentOutOfRangeException(nameof(id), id, $"token ids are 0..{VocabSize - 1}");

    /// <summary>
    /// Generates up to <see cref="SamplingSettings.MaxTokens"/> tokens after <paramref name="prompt"/>, lazily:
    /// stop enumerating to stop generating. Ends at the model's EOS (not yielded) or when the context is full.
    /// </summary>
    public IEnumerable<GeneratedToken> Generate(int[] prompt, SamplingSettings settings, int choiceIndex = 0,
        CancellationToken cancellationToken = default)
    {
        if (prompt.Length == 0 || prompt.Length >= ContextSize)
            throw new ArgumentException($"the prompt has {prompt.Length} tokens; the model takes 1..{ContextSize - 1}", nameof(prompt));
        return GenerateCore(prompt, settings, choiceIndex, cancellationToken);
    }

    private IEnumerable<GeneratedToken> GenerateCore(int[] prompt, SamplingSettings settings, int choiceIndex, CancellationToken cancellationToken)
    {
        using var context = _weights.CreateContext(_params);
        var handle = context.NativeHandle;
        var batch = new LLamaBatch();
        for (var start = 0; start < prompt.Length; start += BatchSize)
        {
            batch.Clear();
            var end = Math.Min(start + BatchSize, prompt.Length);
            for (var i = start; i < end; i++)
                batch.Add((LLamaToken)prompt[i], i, (LLamaSeqId)0, i == prompt.Length - 1);
            Decode(handle, batch);
        }
        var sampler = new TokenSampler(settings, choiceIndex);
        var pieces = new Utf8Pieces();
        var held = new List<GeneratedToken>();
        var logitIndex = batch.TokenCount - 1;
        for (var position = prompt.Length; position - prompt.Length < settings.MaxTokens && position < ContextSize; position++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var logits = handle.GetLogitsIth(logitIndex).ToArray();
            if (settings.IgnoreEos)
                logits[Eos] = float.NegativeInfinity;
            var id = sampler.Next(logits);
            if (id == Eos)
                break;
            var (logprob, top) = Logprobs.Of(logits, id, settings.TopLogprobs);
            held.Add(new GeneratedToken(id, pieces.Add(TokenBytes(id)), logprob, top));
            if (!pieces.Pending)
            {
                foreach (var token in held)
                    yield return token;
                held.Clear();
            }
            batch.Clear();
            batch.Add((LLamaToken)id, position, (LLamaSeqId)0, true);
            Decode(handle, batch);
            logitIndex = 0;
        }
        if (held.Count > 0)
        {
            // The generation ended inside a character: its bytes decode to U+FFFD, as in Detokenize.
            held[^1] = held[^1] with { Piece = held[^1].Piece + pieces.Flush() };
            foreach (var token in held)
                yield return token;
        }
    }

    private static void Decode(SafeLLamaContextHandle handle, LLamaBatch batch)
    {
        var result = handle.Decode(batch);
        if (result != DecodeResult.Ok)
            throw new InvalidOperationException($"llama_decode failed: {result}");
    }

    private byte[] ReadTokenBytes(int id)
    {
        var buffer = new byte[64];
        var length = (int)_weights.NativeHandle.TokenToSpan((LLamaToken)id, buffer, 0, special: true);
        return buffer[..length];
    }

    private static string? FindModelFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(System.IO.Path.Combine(dir.FullName, "Dynasor.slnx")))
                continue;
            var file = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", "models", FileName));
            return File.Exists(file) ? file : null;
        }
        return null;
    }
}
