using Antlr4.Runtime;
using Appraisal.Policy.Syntax.Generated;

namespace Appraisal.Policy.Formatting;

/// <summary>
/// The visible tokens of the source, for finding where keywords and braces are: the AST keeps spans of
/// nodes but not of keywords such as <c>{</c>, <c>}</c> or <c>version</c>. The formatter needs those
/// positions only to decide which line a comment sits next to.
/// </summary>
internal sealed class SourceTokens
{
    private readonly List<IToken> _tokens;

    public SourceTokens(string text)
    {
        var lexer = new PolicyLexer(new AntlrInputStream(text));
        lexer.RemoveErrorListeners();
        _tokens = lexer.GetAllTokens().Where(t => t.Channel == TokenConstants.DefaultChannel).ToList();
    }

    /// <summary>The first <c>{</c> at or after <paramref name="offset"/>; its start and end.</summary>
    public (int Start, int End) OpenBraceAfter(int offset)
    {
        for (var i = IndexAtOrAfter(offset); i < _tokens.Count; i++)
        {
            if (_tokens[i].Text == "{") return Range(_tokens[i]);
        }
        return (offset, offset);
    }

    /// <summary>The start of the last <c>}</c> that starts in [start, end).</summary>
    public int LastCloseBraceIn(int start, int end)
    {
        for (var i = IndexAtOrAfter(end) - 1; i >= 0 && _tokens[i].StartIndex >= start; i--)
        {
            if (_tokens[i].Text == "}") return _tokens[i].StartIndex;
        }
        return Math.Max(start, end - 1);
    }

    /// <summary>The start of the nearest token of <paramref name="type"/> before <paramref name="offset"/>.</summary>
    public int StartOfPrevious(int type, int offset)
    {
        for (var i = IndexAtOrAfter(offset) - 1; i >= 0; i--)
        {
            if (_tokens[i].Type == type) return _tokens[i].StartIndex;
        }
        return offset;
    }

    /// <summary>The first token of <paramref name="type"/> that starts in [start, end), or null.</summary>
    public (int Start, int End)? Find(int type, int start, int end)
    {
        for (var i = IndexAtOrAfter(start); i < _tokens.Count && _tokens[i].StartIndex < end; i++)
        {
            if (_tokens[i].Type == type) return Range(_tokens[i]);
        }
        return null;
    }

    /// <summary>The end of the first token that starts at or after <paramref name="offset"/>.</summary>
    public int EndOfNext(int offset)
    {
        var i = IndexAtOrAfter(offset);
        return i < _tokens.Count ? _tokens[i].StopIndex + 1 : offset;
    }

    private static (int Start, int End) Range(IToken token) => (token.StartIndex, token.StopIndex + 1);

    private int IndexAtOrAfter(int offset)
    {
        int low = 0, high = _tokens.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (_tokens[mid].StartIndex < offset) low = mid + 1;
            else high = mid;
        }
        return low;
    }
}
