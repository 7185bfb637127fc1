using System.Collections.Immutable;
using Antlr4.Runtime;
using Antlr4.Runtime.Atn;
using Antlr4.Runtime.Misc;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Syntax.Generated;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Syntax;

/// <summary>
/// Parses one policy file: lexes, parses (fast SLL first, full LL with error recovery when that fails),
/// reports syntax errors in our own words, and builds the AST.
/// </summary>
public static class Parser
{
    /// <summary>
    /// How deeply expressions (and list types) may nest: parentheses, brackets, records, prefix operators,
    /// <c>if … else if …</c> chains and operator chains all count. Deeper input is reported as
    /// <see cref="DiagnosticCodes.NestingTooDeep"/> instead of overflowing the stack of the parser, the
    /// AST builder or the checker passes that walk the AST recursively. The generated parser takes about 3 KB
    /// of stack per level, so 200 levels fit well within a 1 MB thread stack; on a smaller stack the parser
    /// stops earlier (<see cref="System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack"/>).
    /// </summary>
    public const int MaxNesting = 200;

    /// <summary>
    /// Stack for the parse. ANTLR's prediction recurses through the grammar's network as deep as the lookahead
    /// goes, which hostile or mangled input can push past a thread-pool thread's 1.5 MB (the fuzz tests found
    /// such input). The nesting limits below bound the tree; the parse itself runs on a thread with room to spare.
    /// </summary>
    private const int ParseStackBytes = 64 * 1024 * 1024;

    public static ParseResult Parse(SourceText source)
    {
        ParseResult? result = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = ParseOnThisThread(source);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failure = e; // rethrown on the caller's thread, where it belongs; the parser itself reports, never throws
            }
        }, ParseStackBytes) { IsBackground = true, Name = "policy parser" };
        thread.Start();
        thread.Join();
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        return result!;
    }

    private static ParseResult ParseOnThisThread(SourceText source) =>
        ParseDeclarationByDeclaration(source) ?? ParseWholeFile(source);

    /// <summary>
    /// The fast path, for files without mistakes: each top-level declaration is parsed on its own (SLL, then full
    /// LL for the declarations SLL cannot decide, such as band tables) and turned into AST at once, so its parse
    /// tree and token objects die young instead of living until the end of the file. Null when the file has
    /// anything to report — a bad character, too deep a nesting, a syntax error — or a declaration this path cannot
    /// parse: then <see cref="ParseWholeFile"/> parses it again from the start and reports, exactly as it always has.
    /// </summary>
    private static ParseResult? ParseDeclarationByDeclaration(SourceText source)
    {
        var input = new LexerInput(source.Text, source.Path);
        var lexer = new PolicyLexer(input) { TokenFactory = new ReusedTokenFactory() };
        lexer.RemoveErrorListeners();
        var tokens = new TokenBuffer(input);
        var comments = ImmutableArray.CreateBuilder<Comment>();
        var depth = 0;
        for (var token = lexer.NextToken(); token.Type != TokenConstants.EOF; token = lexer.NextToken())
        {
            switch (token.Type)
            {
                case PolicyLexer.BAD_CHAR:
                    return null;
                case PolicyLexer.LINE_COMMENT or PolicyLexer.BLOCK_COMMENT:
                    var end = token.StopIndex + 1;
                    comments.Add(new Comment(source.Text[token.StartIndex..end], new TextSpan(source, token.StartIndex, end)));
                    continue;
            }
            if (token.Channel != TokenConstants.DefaultChannel) continue;
            switch (Brackets[token.Type + 1])
            {
                case 1:
                    if (++depth > MaxNesting) return null;
                    break;
                case -1:
                    depth = Math.Max(0, depth - 1);
                    break;
            }
            tokens.Add(token.Type, token.StartIndex, token.StopIndex);
        }

        var diagnostics = new DiagnosticBag(); // only the AST builder's (malformed literals, duplicate clauses)
        var builder = new AstBuilder(source, diagnostics);
        var sll = new DepthLimitedParser(tokens) { ErrorHandler = new BailErrorStrategy() };
        sll.RemoveErrorListeners();
        sll.Interpreter.PredictionMode = PredictionMode.SLL;
        DepthLimitedParser? ll = null;

        T? Parse<T>(Func<PolicyParser, T> rule) where T : ParserRuleContext
        {
            var start = tokens.Index;
            try
            {
                return rule(sll);
            }
            catch (ParseCanceledException)
            {
                tokens.Seek(start); // the rules' finally blocks have unwound the parser (and its nesting count)
            }
            if (ll is null)
            {
                ll = new DepthLimitedParser(tokens) { ErrorHandler = new BailErrorStrategy() };
                ll.RemoveErrorListeners();
                ll.Interpreter.PredictionMode = PredictionMode.LL;
            }
            try
            {
                return rule(ll);
            }
            catch (ParseCanceledException)
            {
                return null;
            }
        }

        try
        {
            PolicyParser.HeaderContext? headerTree = null;
            if (tokens.LA(1) is PolicyLexer.POLICY or PolicyLexer.LIBRARY)
            {
                headerTree = Parse(p => p.header());
                if (headerTree is null) return null;
            }
            var header = builder.Header(headerTree);
            var declarations = ImmutableArray.CreateBuilder<Declaration>();
            while (tokens.LA(1) != TokenConstants.EOF)
            {
                var tree = Parse(p => p.declaration());
                if (tree is null) return null;
                if (builder.Declaration(tree) is { } declaration) declarations.Add(declaration);
                tokens.ForgetBefore(tokens.Index);
            }
            var file = builder.File(header, declarations.ToImmutable(), comments.ToImmutable());
            return new ParseResult(file, diagnostics.ToImmutable());
        }
        catch (NestingTooDeepException)
        {
            return null;
        }
    }

    /// <summary>
    /// Parses the whole file as one <c>file</c> rule (SLL, then LL with error recovery), reporting every syntax
    /// error; the path for files with mistakes.
    /// </summary>
    internal static ParseResult ParseWholeFile(SourceText source)
    {
        var diagnostics = new DiagnosticBag();
        var lexer = new PolicyLexer(new LexerInput(source.Text, source.Path));
        lexer.RemoveErrorListeners();
        var tokens = new CommonTokenStream(lexer);
        tokens.Fill();

        var comments = ImmutableArray.CreateBuilder<Comment>();
        var depth = 0;
        IToken? tooDeep = null;
        foreach (var token in tokens.GetTokens())
        {
            switch (Brackets[token.Type + 1])
            {
                case 1:
                    if (++depth > MaxNesting) tooDeep ??= token;
                    break;
                case -1:
                    depth = Math.Max(0, depth - 1);
                    break;
            }
            switch (token.Type)
            {
                case PolicyLexer.LINE_COMMENT or PolicyLexer.BLOCK_COMMENT:
                    comments.Add(new Comment(token.Text, new TextSpan(source, token.StartIndex, token.StopIndex + 1)));
                    break;
                case PolicyLexer.BAD_CHAR:
                    var span = new TextSpan(source, token.StartIndex, token.StopIndex + 1);
                    if (token.Text == "\"") diagnostics.Report(DiagnosticCodes.UnterminatedString, span);
                    else diagnostics.Report(DiagnosticCodes.BadCharacter, span, token.Text);
                    // Reported here once; the parser does not see it, so it cannot cause follow-on errors elsewhere.
                    if (token is IWritableToken writable) writable.Channel = TokenConstants.HiddenChannel;
                    break;
            }
        }

        // Too deep to parse safely: report it once and give the later passes an empty file. Brackets are
        // counted before parsing because ANTLR's prediction may look ahead through a whole nested expression
        // (is `sum(p in …)` an aggregate or a call? is a table cell `e` or `e..f`?), which takes time and
        // memory that grow faster than the depth; the parser's own count catches the nesting without brackets.
        PolicyParser.FileContext tree;
        try
        {
            if (tooDeep is not null) throw new NestingTooDeepException(tooDeep);
            tree = ParseFast(tokens) ?? ParseWithRecovery(tokens, source, diagnostics);
        }
        catch (NestingTooDeepException e)
        {
            var start = e.Token.Type == TokenConstants.EOF ? source.Text.Length : e.Token.StartIndex;
            var end = e.Token.Type == TokenConstants.EOF ? start : e.Token.StopIndex + 1;
            diagnostics.Report(DiagnosticCodes.NestingTooDeep, new TextSpan(source, start, Math.Max(start, end)), MaxNesting);
            tree = new PolicyParser.FileContext(null, 0);
        }
        var file = AstBuilder.Build(source, tree, comments.ToImmutable(), diagnostics);
        return new ParseResult(file, diagnostics.ToImmutable());
    }

    /// <summary>By token type + 1 (EOF is -1): 1 for an opening bracket, -1 for a closing one, else 0.</summary>
    private static readonly sbyte[] Brackets = Enumerable.Range(-1, PolicyLexer._ATN.maxTokenType + 2)
        .Select(type => type switch
        {
            PolicyLexer.LPAREN => (sbyte)1,
            PolicyLexer.RPAREN => (sbyte)-1,
            _ => PolicyLexer.DefaultVocabulary.GetLiteralName(type) switch
            {
                "'['" or "'{'" => (sbyte)1,
                "']'" or "'}'" => (sbyte)-1,
                _ => (sbyte)0,
            },
        })
        .ToArray();

    private static PolicyParser.FileContext? ParseFast(CommonTokenStream tokens)
    {
        var parser = new DepthLimitedParser(tokens) { ErrorHandler = new BailErrorStrategy() };
        parser.RemoveErrorListeners();
        parser.Interpreter.PredictionMode = PredictionMode.SLL;
        try
        {
            return parser.file();
        }
        catch (ParseCanceledException)
        {
            tokens.Seek(0);
            return null; // not an error yet: the full LL parse below decides and reports
        }
    }

    private static PolicyParser.FileContext ParseWithRecovery(CommonTokenStream tokens, SourceText source, DiagnosticBag diagnostics)
    {
        var parser = new DepthLimitedParser(tokens) { ErrorHandler = new ReportingErrorStrategy(source, diagnostics) };
        parser.RemoveErrorListeners();
        parser.Interpreter.PredictionMode = PredictionMode.LL;
        return parser.file();
    }

    private sealed class NestingTooDeepException(IToken token) : Exception("nesting too deep")
    {
        public IToken Token { get; } = token;
    }

    /// <summary>
    /// The generated parser, counting how deeply <c>expr</c> and <c>typeRef</c> (the only rules that can
    /// recurse without bound) are nested, and giving up past <see cref="MaxNesting"/>. ANTLR's recursive
    /// descent and its full-context prediction both use stack in proportion to this depth.
    /// </summary>
    private sealed class DepthLimitedParser(ITokenStream input) : PolicyParser(input, TextWriter.Null, TextWriter.Null)
    {
        private int _nesting;

        public override void EnterRecursionRule(ParserRuleContext localctx, int state, int ruleIndex, int precedence)
        {
            Nest(); // only expr is left-recursive
            base.EnterRecursionRule(localctx, state, ruleIndex, precedence);
        }

        public override void UnrollRecursionContexts(ParserRuleContext parentctx)
        {
            base.UnrollRecursionContexts(parentctx);
            _nesting--;
        }

        public override void EnterRule(ParserRuleContext localctx, int state, int ruleIndex)
        {
            if (ruleIndex == RULE_typeRef) Nest();
            base.EnterRule(localctx, state, ruleIndex);
        }

        public override void ExitRule()
        {
            if (Context.RuleIndex == RULE_typeRef) _nesting--;
            base.ExitRule();
        }

        // Called before the generated rule method enters its try block, so nothing is left half-entered.
        private void Nest()
        {
            if (++_nesting > MaxNesting || !System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
            {
                throw new NestingTooDeepException(CurrentToken);
            }
        }
    }

    /// <summary>
    /// ANTLR's recovery with our own reports: every syntax error is written here in our words (not ANTLR's),
    /// a missing token is shown where it is missing (after the previous token), and a keyword that starts a
    /// declaration is never deleted as "extraneous", so a mistake in one declaration does not swallow the next.
    /// </summary>
    private sealed class ReportingErrorStrategy(SourceText source, DiagnosticBag diagnostics) : DefaultErrorStrategy
    {
        private int _lastReportedToken = -1;

        protected override IToken? SingleTokenDeletion(Antlr4.Runtime.Parser recognizer) =>
            StartsDeclaration(recognizer.CurrentToken.Type) ? null : base.SingleTokenDeletion(recognizer);

        public override void ReportError(Antlr4.Runtime.Parser recognizer, RecognitionException e)
        {
            if (InErrorRecoveryMode(recognizer)) return;
            BeginErrorCondition(recognizer);
            Report(recognizer, e.OffendingToken ?? recognizer.CurrentToken, missing: false);
        }

        protected override void ReportUnwantedToken(Antlr4.Runtime.Parser recognizer)
        {
            if (InErrorRecoveryMode(recognizer)) return;
            BeginErrorCondition(recognizer);
            Report(recognizer, recognizer.CurrentToken, missing: false);
        }

        protected override void ReportMissingToken(Antlr4.Runtime.Parser recognizer)
        {
            if (InErrorRecoveryMode(recognizer)) return;
            BeginErrorCondition(recognizer);
            Report(recognizer, recognizer.CurrentToken, missing: true);
        }

        private void Report(Antlr4.Runtime.Parser recognizer, IToken token, bool missing)
        {
            if (token.TokenIndex == _lastReportedToken) return;
            _lastReportedToken = token.TokenIndex;
            var stream = (ITokenStream)recognizer.InputStream;
            var previous = PreviousVisible(stream, token.TokenIndex);
            // A bad character right before (already reported by the lexer scan) most likely stands for what is
            // missing or wrong here, as a full-width '：' for ':': one report is enough.
            if (BadCharacterBetween(stream, previous, token)) return;
            var expected = Expected(recognizer.GetExpectedTokens());
            // A missing token is shown where it is missing: right after the previous token. So is an unfinished line,
            // as in `let a = 1 +` followed by `let b = 2`: the next declaration (or the end of the file) is not the
            // mistake, the line before it is.
            var unfinishedLine = token.Type == TokenConstants.EOF
                || (StartsDeclaration(token.Type) && previous is not null && previous.Line < token.Line);
            if ((missing || unfinishedLine) && previous is not null)
            {
                var at = previous.StopIndex + 1;
                diagnostics.Report(DiagnosticCodes.MissingToken, new TextSpan(source, at, at), expected);
                return;
            }
            var start = token.Type == TokenConstants.EOF ? source.Text.Length : token.StartIndex;
            var end = token.Type == TokenConstants.EOF ? start : token.StopIndex + 1;
            // A word of the language where a name may stand (`let ratio = …`): say that it is reserved.
            if (IsKeyword(token) && recognizer.GetExpectedTokens().Contains(PolicyLexer.ID))
            {
                diagnostics.Report(DiagnosticCodes.ReservedWord, new TextSpan(source, start, end), token.Text);
                return;
            }
            diagnostics.Report(DiagnosticCodes.UnexpectedToken, new TextSpan(source, start, Math.Max(start, end)), Describe(token), expected);
        }

        /// <summary>A keyword spelled as a word (<c>ratio</c>, <c>table</c>), not punctuation.</summary>
        private static bool IsKeyword(IToken token) =>
            token.Type is > 0 and not PolicyLexer.ID && PolicyLexer.DefaultVocabulary.GetLiteralName(token.Type) is { Length: > 2 } literal
            && literal[1..^1].All(char.IsLetter);

        private static bool BadCharacterBetween(ITokenStream stream, IToken? previous, IToken token)
        {
            for (var i = (previous?.TokenIndex ?? -1) + 1; i < token.TokenIndex; i++)
            {
                if (stream.Get(i).Type == PolicyLexer.BAD_CHAR) return true;
            }
            return false;
        }

        private static IToken? PreviousVisible(ITokenStream stream, int index)
        {
            for (var i = index - 1; i >= 0; i--)
            {
                var token = stream.Get(i);
                if (token.Channel == TokenConstants.DefaultChannel) return token;
            }
            return null;
        }

        private static bool StartsDeclaration(int type) => type is PolicyLexer.INCLUDE or PolicyLexer.SOURCE
            or PolicyLexer.ENUM or PolicyLexer.RECORD or PolicyLexer.INPUT or PolicyLexer.PARAM or PolicyLexer.CONSTRAINT
            or PolicyLexer.TABLE or PolicyLexer.LET or PolicyLexer.SCORECARD or PolicyLexer.GATE or PolicyLexer.VETO
            or PolicyLexer.LEVELS or PolicyLexer.ESCALATION or PolicyLexer.RANK or PolicyLexer.DISTRIBUTE
            or PolicyLexer.SELECT or PolicyLexer.OUTPUT or PolicyLexer.TEST;

        private static Bilingual Describe(IToken token) => token.Type switch
        {
            TokenConstants.EOF => new("end of file", "文件末尾"),
            PolicyLexer.ID => new($"name '{token.Text}'", $"名称 '{token.Text}'"),
            PolicyLexer.NUMBER or PolicyLexer.PERCENT or PolicyLexer.DURATION or PolicyLexer.MONEY or PolicyLexer.POINTS =>
                new($"number '{token.Text}'", $"数字 '{token.Text}'"),
            PolicyLexer.STRING => new("string " + token.Text, "字符串 " + token.Text),
            _ => Bilingual.Same($"'{token.Text}'"),
        };

        /// <summary>What may stand here, in both languages: "an expression, ')'" / "表达式、')'".</summary>
        private static Bilingual Expected(IntervalSet set)
        {
            var types = set.ToArray();
            // Where any expression may stand, say so instead of listing every token that can start one.
            var expression = types.Contains(PolicyLexer.NUMBER) && types.Contains(PolicyLexer.ID) && types.Contains(OpenParen);
            var names = types.Where(t => !expression || !ExpressionStarts.Contains(t)).Select(DescribeType)
                .Where(n => n is not null).Distinct().ToList();
            if (expression) names.Insert(0, new Bilingual("an expression", "表达式"));
            const int shown = 6;
            return names.Count switch
            {
                0 => new Bilingual("something else", "其他内容"),
                <= shown => new Bilingual(string.Join(", ", names.Select(n => n!.En)), string.Join("、", names.Select(n => n!.Zh))),
                _ => new Bilingual(string.Join(", ", names.Take(shown).Select(n => n!.En)) + ", …",
                    string.Join("、", names.Take(shown).Select(n => n!.Zh)) + "、…"),
            };
        }

        private static int LiteralType(string literal) =>
            Enumerable.Range(1, PolicyLexer.BAD_CHAR)
                .First(t => PolicyLexer.DefaultVocabulary.GetLiteralName(t) == "'" + literal + "'");

        private const int OpenParen = PolicyLexer.LPAREN;

        private static readonly HashSet<int> ExpressionStarts =
        [
            PolicyLexer.NUMBER, PolicyLexer.ID, PolicyLexer.STRING, PolicyLexer.DATE, PolicyLexer.PERCENT, PolicyLexer.DURATION,
            PolicyLexer.PERIOD_LIT, PolicyLexer.YUAN_SIGN, PolicyLexer.MONEY, PolicyLexer.POINTS, PolicyLexer.FLOOR, PolicyLexer.GIVEN, PolicyLexer.EACH, PolicyLexer.TRUE, PolicyLexer.FALSE, PolicyLexer.SUM, PolicyLexer.COUNT,
            PolicyLexer.MIN, PolicyLexer.MAX, PolicyLexer.ANY, PolicyLexer.ALL, PolicyLexer.ROUND, PolicyLexer.NOT, PolicyLexer.IF,
            OpenParen, LiteralType("{"), LiteralType("["), LiteralType("-"),
        ];

        private static Bilingual? DescribeType(int type) => type switch
        {
            PolicyLexer.STAR => Bilingual.Same("'*'"),
            PolicyLexer.SLASH => Bilingual.Same("'/'"),
            PolicyLexer.YUAN_SIGN => Bilingual.Same("'¥'"),
            TokenConstants.EOF => new("end of file", "文件末尾"),
            PolicyLexer.ID => new("a name", "名称"),
            PolicyLexer.NUMBER => new("a number", "数字"),
            PolicyLexer.STRING => new("a string", "字符串"),
            PolicyLexer.DATE => new("a date", "日期"),
            PolicyLexer.COLON => Bilingual.Same("':'"),
            PolicyLexer.COMMA => Bilingual.Same("','"),
            PolicyLexer.LPAREN => Bilingual.Same("'('"),
            PolicyLexer.RPAREN => Bilingual.Same("')'"),
            PolicyLexer.PERCENT or PolicyLexer.DURATION or PolicyLexer.PERIOD_LIT or PolicyLexer.MONEY or PolicyLexer.POINTS => null,
            PolicyLexer.BAD_CHAR or PolicyLexer.WS or PolicyLexer.LINE_COMMENT or PolicyLexer.BLOCK_COMMENT => null,
            // Literal names escape non-ASCII characters ('\u2264' for '≤'): show the character itself.
            _ => Bilingual.Same(PolicyLexer.DefaultVocabulary.GetLiteralName(type) is { } literal
                ? System.Text.RegularExpressions.Regex.Unescape(literal)
                : PolicyLexer.DefaultVocabulary.GetDisplayName(type)),
        };
    }
}
