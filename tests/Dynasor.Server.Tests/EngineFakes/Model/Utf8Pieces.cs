using System.Text;

namespace Dynasor.Server.Tests.EngineFakes.Model;

/// <summary>
/// Turns token bytes into text piece by piece. A stateful UTF-8 decoder keeps the bytes of a character split over
/// tokens until it is complete, so the pieces concatenate to the one-shot decoding of all the bytes.
/// </summary>
internal sealed class Utf8Pieces
{
    private readonly Decoder _decoder = new UTF8Encoding(false, false).GetDecoder();

    /// <summary>True while the bytes so far end inside a character.</summary>
    public bool Pending => _decoder.GetCharCount([], 0, 0, flush: true) > 0;

    public string Add(byte[] bytes)
    {
        var chars = new char[_decoder.GetCharCount(bytes, 0, bytes.Length, flush: false)];
        var count = _decoder.GetChars(bytes, 0, bytes.Length, chars, 0, flush: false);
        return new string(chars, 0, count);
    }

    /// <summary>Ends the text: an incomplete character left over becomes U+FFFD.</summary>
    public string Flush()
    {
        var chars = new char[4];
        var count = _decoder.GetChars([], 0, 0, chars, 0, flush: true);
        return new string(chars, 0, count);
    }
}
