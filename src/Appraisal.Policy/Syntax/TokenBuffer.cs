using Antlr4.Runtime;
using Antlr4.Runtime.Misc;

namespace Appraisal.Policy.Syntax;

/// <summary>
/// The parser's view of a file's tokens on the fast path (<see cref="Parser"/>): only the tokens the parser
/// sees (no whitespace, comments or bad characters), kept as three numbers each, with a token object made
/// only when the parser asks for one. Once a declaration is built, <see cref="ForgetBefore"/> drops the token
/// objects before it, so they die young together with the declaration's parse tree instead of living until
/// the whole file is parsed.
/// </summary>
/// <remarks>
/// Token indexes count visible tokens only, unlike a <see cref="CommonTokenStream"/>'s; nothing on the fast
/// path reads them beyond "is this a real token" (a token conjured by error recovery has index -1), and a file
/// with any syntax error is parsed again by the whole-file path with its own token stream.
/// </remarks>
internal sealed class TokenBuffer : ITokenStream
{
    // Tokens are kept in chunks small enough to stay off the large object heap (whose growth triggers full
    // collections): three ints each (type, start, stop), and the token objects made so far.
    private const int ChunkBits = 12;
    private const int ChunkSize = 1 << ChunkBits;
    private const int ChunkMask = ChunkSize - 1;

    private readonly ICharStream _input;
    private readonly Tuple<ITokenSource?, ICharStream> _source;
    private readonly List<int[]> _chunks = [];
    private readonly List<IToken?[]?> _made = [];
    private int _count;
    private int _forgotten; // token objects before this index have been dropped
    private int _index;
    private IToken? _eof;

    public TokenBuffer(ICharStream input)
    {
        _input = input;
        _source = Tuple.Create<ITokenSource?, ICharStream>(null, input);
    }

    public int Count => _count;

    public void Add(int type, int start, int stop)
    {
        if ((_count & ChunkMask) == 0) _chunks.Add(new int[3 * ChunkSize]);
        var chunk = _chunks[_count >> ChunkBits];
        var at = 3 * (_count & ChunkMask);
        chunk[at] = type;
        chunk[at + 1] = start;
        chunk[at + 2] = stop;
        _count++;
    }

    /// <summary>Drops the token objects before <paramref name="index"/>; the parser never goes back there.</summary>
    public void ForgetBefore(int index)
    {
        for (; _forgotten < index; _forgotten++)
        {
            if (_made[_forgotten >> ChunkBits] is { } made) made[_forgotten & ChunkMask] = null;
            if ((_forgotten & ChunkMask) == ChunkMask) _made[_forgotten >> ChunkBits] = null;
        }
    }

    public int Index => _index;
    public int Size => _count + 1;
    public string SourceName => _input.SourceName;
    public ITokenSource? TokenSource => null;

    public void Consume()
    {
        if (_index >= _count) throw new InvalidOperationException("cannot consume EOF");
        _index++;
    }

    public int LA(int i)
    {
        if (i == 0) return 0;
        var at = i < 0 ? _index + i : _index + i - 1;
        if (at < 0) return 0;
        return at >= _count ? TokenConstants.EOF : _chunks[at >> ChunkBits][3 * (at & ChunkMask)];
    }

    public IToken? LT(int k)
    {
        if (k == 0) return null;
        var at = k < 0 ? _index + k : _index + k - 1;
        return at < 0 ? null : Get(at);
    }

    public IToken Get(int i)
    {
        if (i >= _count) return _eof ??= new Token(_source, TokenConstants.EOF, _count, _input.Size, _input.Size - 1);
        while (_made.Count <= i >> ChunkBits) _made.Add(null);
        var made = _made[i >> ChunkBits] ??= new IToken?[ChunkSize];
        return made[i & ChunkMask] ??= new Token(_source, Type(i), i, Start(i), Stop(i));
    }

    public int Mark() => -1;

    public void Release(int marker) { }

    public void Seek(int index) => _index = Math.Clamp(index, 0, _count);

    public string GetText() => GetText(Interval.Of(0, _count - 1));

    public string GetText(Interval interval)
    {
        var start = Math.Max(interval.a, 0);
        var stop = Math.Min(interval.b, _count - 1);
        if (start > stop) return "";
        return _input.GetText(Interval.Of(Start(start), Stop(stop)));
    }

    private int Type(int i) => _chunks[i >> ChunkBits][3 * (i & ChunkMask)];
    private int Start(int i) => _chunks[i >> ChunkBits][3 * (i & ChunkMask) + 1];
    private int Stop(int i) => _chunks[i >> ChunkBits][3 * (i & ChunkMask) + 2];

    public string GetText(RuleContext ctx) => ctx.GetText();

    public string GetText(IToken? start, IToken? stop) =>
        start is null || stop is null ? "" : GetText(Interval.Of(start.TokenIndex, stop.TokenIndex));

    /// <summary>A token of the fast path: type, place and index; its text is read from the source when asked for.</summary>
    private sealed class Token(Tuple<ITokenSource?, ICharStream> source, int type, int index, int start, int stop) : IToken
    {
        public string Text => Type == TokenConstants.EOF ? "<EOF>" : source.Item2.GetText(Interval.Of(StartIndex, StopIndex));
        public int Type { get; } = type;
        /// <summary>Not kept on the fast path (nothing there reports positions); 0.</summary>
        public int Line => 0;
        public int Column => -1;
        public int Channel => TokenConstants.DefaultChannel;
        public int TokenIndex { get; } = index;
        public int StartIndex { get; } = start;
        public int StopIndex { get; } = stop;
        public ITokenSource? TokenSource => source.Item1;
        public ICharStream InputStream => source.Item2;
        public override string ToString() => $"[@{TokenIndex},{StartIndex}:{StopIndex}='{Text}',<{Type}>]";
    }
}
