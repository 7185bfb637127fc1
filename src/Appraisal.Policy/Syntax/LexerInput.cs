using System.Text;
using Antlr4.Runtime;
using Antlr4.Runtime.Atn;
using Antlr4.Runtime.Misc;
using Appraisal.Policy.Syntax.Generated;

namespace Appraisal.Policy.Syntax;

/// <summary>
/// The lexer's input: the source text, except that each character the lexer cannot tell apart from an ASCII
/// character is shown to the lexer as that ASCII character. Token text still comes from the real source.
/// </summary>
/// <remarks>
/// ANTLR's lexer caches its DFA transitions for characters up to 127 only; every other character is
/// simulated on the ATN, each time it is read, which made lexing Chinese names about five times slower than
/// ASCII ones. Two characters the lexer cannot tell apart — every transition of the lexer's ATN matches
/// both or neither, e.g. '考' and 'z' (both only letters) — give the same tokens, so the substitution changes
/// nothing but the speed. It is computed from the generated lexer, so it stays right when the grammar changes;
/// characters the grammar names (元, 分, ≤, ¥, …) have no ASCII twin and are left alone.
/// </remarks>
internal sealed class LexerInput : ICharStream
{
    private readonly string _text;
    private int _index;

    public LexerInput(string text, string sourceName)
    {
        _text = text;
        SourceName = sourceName;
    }

    public int Index => _index;
    public int Size => _text.Length;
    public string SourceName { get; }

    public void Consume()
    {
        if (_index >= _text.Length) throw new InvalidOperationException("cannot consume EOF");
        _index++;
    }

    public int LA(int i)
    {
        if (i == 0) return 0; // undefined
        var at = i < 0 ? _index + i : _index + i - 1;
        return at < 0 || at >= _text.Length ? IntStreamConstants.EOF : AsciiTwins.Of(_text[at]);
    }

    public int Mark() => -1;

    public void Release(int marker) { }

    public void Seek(int index) => _index = Math.Clamp(index, 0, _text.Length);

    public string GetText(Interval interval)
    {
        var start = Math.Max(interval.a, 0);
        var stop = Math.Min(interval.b, _text.Length - 1);
        return start > stop ? "" : _text.Substring(start, stop - start + 1);
    }

    public override string ToString() => _text;

    /// <summary>For each UTF-16 code unit, the ASCII character the lexer treats exactly like it, if any.</summary>
    private static class AsciiTwins
    {
        private const char Unknown = '\uFFFF';

        /// <summary>Every character-matching transition of the lexer's ATN, one of each kind.</summary>
        private static readonly Transition[] Transitions = PolicyLexer._ATN.states
            .Where(s => s is not null)
            .SelectMany(s => Enumerable.Range(0, s.NumberOfTransitions).Select(s.Transition))
            .Where(t => !t.IsEpsilon)
            .DistinctBy(t => (t.GetType(), t.Label?.ToString() ?? ""))
            .ToArray();

        private static readonly Dictionary<string, char> AsciiBySignature = BuildAscii();

        // Written by any thread that meets a character first; every writer writes the same value.
        private static readonly char[] Twins = CreateTable();

        public static char Of(char c)
        {
            if (c < 128) return c;
            var twin = Twins[c];
            if (twin != Unknown) return twin;
            twin = AsciiBySignature.TryGetValue(Signature(c), out var ascii) ? ascii : c;
            Twins[c] = twin;
            return twin;
        }

        private static char[] CreateTable()
        {
            var table = new char[char.MaxValue + 1];
            Array.Fill(table, Unknown); // U+FFFF itself, if it has no twin, is simply worked out again each time
            return table;
        }

        private static Dictionary<string, char> BuildAscii()
        {
            var result = new Dictionary<string, char>();
            for (var c = (char)0; c < 128; c++) result.TryAdd(Signature(c), c);
            return result;
        }

        private static string Signature(char c)
        {
            var bits = new StringBuilder(Transitions.Length);
            foreach (var transition in Transitions) bits.Append(transition.Matches(c, Lexer.MinCharValue, Lexer.MaxCharValue) ? '1' : '0');
            return bits.ToString();
        }
    }
}
