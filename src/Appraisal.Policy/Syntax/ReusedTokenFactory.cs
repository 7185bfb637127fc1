using Antlr4.Runtime;
using Antlr4.Runtime.Misc;

namespace Appraisal.Policy.Syntax;

/// <summary>
/// Gives the lexer one token object to fill again and again: the fast path copies each token's type and place
/// into a <see cref="TokenBuffer"/> as soon as the lexer returns it, so one object per token would only be garbage.
/// </summary>
internal sealed class ReusedTokenFactory : ITokenFactory
{
    private readonly CommonToken _token = new(TokenConstants.InvalidType);

    public IToken Create(Tuple<ITokenSource, ICharStream> source, int type, string text, int channel, int start, int stop, int line, int charPositionInLine)
    {
        _token.Type = type;
        _token.Channel = channel;
        _token.StartIndex = start;
        _token.StopIndex = stop;
        _token.Line = line;
        _token.Column = charPositionInLine;
        _token.Text = text;
        return _token;
    }

    public IToken Create(int type, string text)
    {
        _token.Type = type;
        _token.Text = text;
        return _token;
    }
}
