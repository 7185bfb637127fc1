using System.Collections.Immutable;
using Antlr4.Runtime;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax.Generated;

namespace Appraisal.Policy.Editing;

/// <summary>
/// The kinds of semantic token, named as the Language Server Protocol's standard token types (the legend a client is
/// given is <see cref="SemanticTokens.TypeNames"/>, in this order).
/// </summary>
public enum SemanticTokenType
{
    Keyword, Number, String, Comment, Enum, EnumMember, Struct, Parameter, Variable, Function, Class, Property,
}

/// <summary>Modifiers of a semantic token, a bit set in the protocol's order (<see cref="SemanticTokens.ModifierNames"/>).</summary>
[Flags]
public enum SemanticTokenModifiers
{
    None = 0,
    Declaration = 1,
    Readonly = 2,
}

/// <summary>One token: where it starts (a line and a UTF-16 column), how many UTF-16 code units long, what it is.</summary>
public readonly record struct SemanticToken(int Line, int Character, int Length, SemanticTokenType Type, SemanticTokenModifiers Modifiers);

/// <summary>
/// What each piece of a policy is, for highlighting that knows more than a grammar can: the lexer's keywords, numbers
/// (with units, percentages, dates, periods), strings and comments, and every name the checker bound, by what it names —
/// an input is a parameter of the policy, a <c>param</c> a read-only variable, a table a function, an enum value an
/// enum member — marked where it is declared. Names the checker did not bind (a half-typed one, or any name while the
/// text does not parse) are left to the grammar's highlighting. A token never spans lines: a block comment is one per line.
/// </summary>
public static class SemanticTokens
{
    public static readonly ImmutableArray<string> TypeNames =
        ["keyword", "number", "string", "comment", "enum", "enumMember", "struct", "parameter", "variable", "function", "class", "property"];

    public static readonly ImmutableArray<string> ModifierNames = ["declaration", "readonly"];

    public static ImmutableArray<SemanticToken> Of(PolicyDocument document)
    {
        var names = new Dictionary<(int Start, int End), Occurrence>();
        foreach (var occurrence in document.Occurrences)
        {
            if (!ReferenceEquals(occurrence.Span.Source, document.Source)) continue;
            var key = (occurrence.Span.Start, occurrence.Span.End);
            if (!names.TryGetValue(key, out var known) || (occurrence.IsDeclaration && !known.IsDeclaration)) names[key] = occurrence;
        }

        var lexer = new PolicyLexer(new AntlrInputStream(document.Text));
        lexer.RemoveErrorListeners();
        var tokens = ImmutableArray.CreateBuilder<SemanticToken>();
        foreach (var token in lexer.GetAllTokens())
        {
            var start = token.StartIndex;
            var end = token.StopIndex + 1;
            if (end <= start) continue;
            SemanticTokenType type;
            var modifiers = SemanticTokenModifiers.None;
            if (token.Type == PolicyLexer.ID)
            {
                if (!names.TryGetValue((start, end), out var occurrence)) continue;
                (type, modifiers) = Of(occurrence.Symbol.Kind);
                if (occurrence.IsDeclaration) modifiers |= SemanticTokenModifiers.Declaration;
            }
            else if (Lexical(token.Type) is { } lexical) type = lexical;
            else continue;
            Add(tokens, document, start, end, type, modifiers);
        }
        return tokens.ToImmutable();
    }

    /// <summary>The token, cut at line breaks (a block comment over three lines is three tokens).</summary>
    private static void Add(ImmutableArray<SemanticToken>.Builder tokens, PolicyDocument document, int start, int end,
        SemanticTokenType type, SemanticTokenModifiers modifiers)
    {
        var text = document.Text;
        var from = start;
        for (var i = start; i <= end; i++)
        {
            if (i < end && text[i] is not ('\n' or '\r')) continue;
            if (i > from)
            {
                var position = document.Lines.Position(from);
                tokens.Add(new SemanticToken(position.Line, position.Character, i - from, type, modifiers));
            }
            from = i + 1;
        }
    }

    private static SemanticTokenType? Lexical(int tokenType) => tokenType switch
    {
        PolicyLexer.LINE_COMMENT or PolicyLexer.BLOCK_COMMENT => SemanticTokenType.Comment,
        PolicyLexer.STRING => SemanticTokenType.String,
        PolicyLexer.NUMBER or PolicyLexer.PERCENT or PolicyLexer.MONEY or PolicyLexer.POINTS or PolicyLexer.DURATION
            or PolicyLexer.DATE or PolicyLexer.PERIOD_LIT => SemanticTokenType.Number,
        PolicyLexer.TRUE or PolicyLexer.FALSE => SemanticTokenType.Keyword,
        _ when IsKeyword(tokenType) => SemanticTokenType.Keyword,
        _ => null,
    };

    /// <summary>A token whose literal is a word (<c>'table'</c>, <c>'otherwise'</c>), not punctuation.</summary>
    private static bool IsKeyword(int tokenType) =>
        PolicyLexer.DefaultVocabulary.GetLiteralName(tokenType) is { Length: > 2 } literal && char.IsLetter(literal[1]);

    private static (SemanticTokenType, SemanticTokenModifiers) Of(SymbolKind kind) => kind switch
    {
        SymbolKind.Input => (SemanticTokenType.Parameter, SemanticTokenModifiers.None),
        SymbolKind.Parameter => (SemanticTokenType.Variable, SemanticTokenModifiers.Readonly),
        SymbolKind.Enum => (SemanticTokenType.Enum, SemanticTokenModifiers.None),
        SymbolKind.EnumMember => (SemanticTokenType.EnumMember, SemanticTokenModifiers.None),
        SymbolKind.Record => (SemanticTokenType.Struct, SemanticTokenModifiers.None),
        SymbolKind.Table or SymbolKind.Levels or SymbolKind.Escalation or SymbolKind.Rank or SymbolKind.Distribution
            or SymbolKind.Selection => (SemanticTokenType.Function, SemanticTokenModifiers.None),
        SymbolKind.Scorecard => (SemanticTokenType.Class, SemanticTokenModifiers.None),
        SymbolKind.ScorecardItem or SymbolKind.Output => (SemanticTokenType.Property, SemanticTokenModifiers.None),
        _ => (SemanticTokenType.Variable, SemanticTokenModifiers.None), // definitions, gates, vetoes, constraints, locals
    };
}
