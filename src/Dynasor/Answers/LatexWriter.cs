using System.Text;

namespace Dynasor.Answers;

/// <summary>
/// Output of <see cref="LatexCleaner"/> that remembers whether it currently ends with a command word
/// (a backslash followed by letters), so that dropping text can never glue a letter onto a command name.
/// </summary>
internal sealed class LatexWriter(int capacity)
{
    private readonly StringBuilder _builder = new(capacity);
    private bool _afterCommandWord;

    public void Char(char c)
    {
        if (_afterCommandWord && char.IsAsciiLetter(c))
        {
            // Something was dropped between a command and a letter; keep them apart.
            _builder.Append(' ');
        }

        _builder.Append(c);
        _afterCommandWord = false;
    }

    public void Command(string name)
    {
        _builder.Append('\\').Append(name);
        _afterCommandWord = true;
    }

    public void Pair(char symbol)
    {
        _builder.Append('\\').Append(symbol);
        _afterCommandWord = false;
    }

    public void Raw(char c)
    {
        _builder.Append(c);
        _afterCommandWord = false;
    }

    public override string ToString() => _builder.ToString();
}
