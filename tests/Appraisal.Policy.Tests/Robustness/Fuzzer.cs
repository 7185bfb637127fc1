using System.Text;
using Antlr4.Runtime;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Syntax.Generated;

namespace Appraisal.Policy.Tests.Robustness;

/// <summary>
/// Makes fuzz inputs: mutations of real policies (token and line edits, odd characters, truncation, digit
/// flips, huge numbers, deep nesting) and random soups of the grammar's tokens. Case <c>i</c> of a run
/// depends only on the seed, <c>i</c> and the corpus, so any case can be made again on its own.
/// </summary>
internal sealed class Fuzzer(IReadOnlyList<(string Name, string Text)> corpus)
{
    /// <summary>Every keyword and punctuation mark of the grammar, plus the spellings it has no literal name for.</summary>
    public static IReadOnlyList<string> Vocabulary { get; } = BuildVocabulary();

    /// <summary>Literals and names, well-formed and not.</summary>
    private static readonly string[] Samples =
    [
        "x", "考核", "_a1", "等级分", "score", "max", "优", "0", "1", "20", "12.5", "0.01", "007",
        "1" + new string('0', 39), new string('9', 40) + ".5", "0." + new string('0', 38) + "1",
        "5%", "100%", "3.5%", "3h", "2d", "30min", "30分钟", "2小时", "1天", "2026-01-01", "2026-02-30", "0000-00-00",
        "9999-99-99", "2026-Q1", "2026-H2", "2026-13", "2026-00", "0000-Q4", "2026", "\"text\"", "\"\"", "\"a\\\"b\"",
        "\"unterminated", "\"", "\"\\", "¥100", "￥", "1000 yuan", "20分", "20 pts", "元", "分", "×", "÷", "≤", "≥", "≠",
    ];

    /// <summary>Characters the lexer may not expect, including halves of surrogate pairs and NUL.</summary>
    private static readonly string[] Oddities =
    [
        "考", "核", "分", "元", "天", "小时", "分钟", "😀", "👩‍💻", "\uD83D", "\uDE00", "¥", "￥", "％", "%", "≤", "≥", "≠",
        "\0", "\"", "\\", "\u3000", "\r", "\r\n", "\n", "\t", "\uFEFF", "\u200B", "\u0301", "\u00A0", "\u2028", "\uFFFF",
        "//", "/*", "*/", "..", "...", "=>", "->", "|", "{", "}", "(", ")", "[", "]", ",", ";", ":", ".", "-", "?", "#",
        "١٢٣", "²", "Ⅻ", "ǅ", "ß",
    ];

    private static readonly int[] NestingDepths = [10, 150, 199, 200, 201, 1000, 5000];

    /// <summary>Shapes of deep nesting, each written <c>n</c> levels deep.</summary>
    private static readonly Func<int, string>[] Nestings =
    [
        n => Repeat("(", n) + "1" + Repeat(")", n),
        n => Repeat("(", n),
        n => Repeat(")", n),
        n => Repeat("[", n) + "1" + Repeat("]", n),
        n => Repeat("{a: ", n) + "1" + Repeat("}", n),
        n => Repeat("{", n),
        n => Repeat("}", n),
        n => Repeat("- ", n) + "1",
        n => Repeat("not ", n) + "true",
        n => Repeat("if true then 1 else ", n) + "2",
        n => Repeat("f(", n) + "1" + Repeat(")", n),
        n => Repeat("list of ", n) + "number",
        n => "1" + Repeat(" + 1", n),
        n => "x" + Repeat(".y", n),
        n => Repeat("sum(p in ", n) + "x" + Repeat(")", n),
    ];

    public (string Description, string Text) Case(int seed, int index)
    {
        var random = new Random(Mix(seed, index));
        if (random.Next(5) == 0) return ("token soup", Soup(random));

        var (name, text) = corpus[random.Next(corpus.Count)];
        var description = new StringBuilder(Path.GetFileName(name));
        var mutations = 1 + random.Next(random.Next(3) == 0 ? 12 : 4);
        for (var m = 0; m < mutations; m++)
        {
            var (what, mutated) = Mutate(random, text);
            description.Append(", ").Append(what);
            text = mutated;
        }
        return (description.ToString(), text);
    }

    private (string, string) Mutate(Random random, string text)
    {
        var tokens = Tokens(text);
        var lines = text.Split('\n');
        switch (random.Next(16))
        {
            case 0 when tokens.Count > 0:
            {
                var t = Pick(random, tokens);
                return ($"delete token at {t.Start}", text.Remove(t.Start, t.Length));
            }
            case 1 when tokens.Count > 0:
            {
                var t = Pick(random, tokens);
                return ($"duplicate token at {t.Start}", text.Insert(t.Start, text.Substring(t.Start, t.Length) + " "));
            }
            case 2 when tokens.Count > 1:
            {
                var (a, b) = (Pick(random, tokens), Pick(random, tokens));
                if (a.Start > b.Start) (a, b) = (b, a);
                if (a.Start == b.Start) return ("swap nothing", text);
                var swapped = text[..a.Start] + text.Substring(b.Start, b.Length) + text[(a.Start + a.Length)..b.Start]
                    + text.Substring(a.Start, a.Length) + text[(b.Start + b.Length)..];
                return ($"swap tokens at {a.Start} and {b.Start}", swapped);
            }
            case 3:
            {
                var at = Boundary(random, text, tokens);
                return ($"insert keyword at {at}", text.Insert(at, " " + Pick(random, Vocabulary) + " "));
            }
            case 4:
            {
                var at = random.Next(text.Length + 1);
                return ($"insert odd character at {at}", text.Insert(at, Pick(random, Oddities)));
            }
            case 5 when tokens.Count > 0:
            {
                var t = Pick(random, tokens);
                var replacement = random.Next(2) == 0 ? Pick(random, Vocabulary) : Pick(random, Samples);
                return ($"replace token at {t.Start}", text.Remove(t.Start, t.Length).Insert(t.Start, replacement));
            }
            case 6:
            {
                var i = random.Next(lines.Length);
                return ($"delete line {i + 1}", string.Join('\n', lines.Where((_, k) => k != i)));
            }
            case 7:
            {
                var i = random.Next(lines.Length);
                var copy = lines.ToList();
                copy.Insert(random.Next(copy.Count + 1), lines[i]);
                return ($"duplicate line {i + 1}", string.Join('\n', copy));
            }
            case 8:
            {
                var (i, j) = (random.Next(lines.Length), random.Next(lines.Length));
                (lines[i], lines[j]) = (lines[j], lines[i]);
                return ($"swap lines {i + 1} and {j + 1}", string.Join('\n', lines));
            }
            case 9:
            {
                var at = random.Next(text.Length + 1);
                return ($"truncate at {at}", text[..at]);
            }
            case 10:
            {
                var digits = Enumerable.Range(0, text.Length).Where(k => char.IsAsciiDigit(text[k])).ToArray();
                if (digits.Length == 0) goto default;
                var at = Pick(random, digits);
                var digit = (char)('0' + random.Next(10));
                return random.Next(3) == 0
                    ? ($"insert digit at {at}", text.Insert(at, digit.ToString()))
                    : ($"flip digit at {at}", text.Remove(at, 1).Insert(at, digit.ToString()));
            }
            case 11:
            {
                var numbers = tokens.Where(t => t.Type is PolicyLexer.NUMBER or PolicyLexer.PERCENT or PolicyLexer.DURATION).ToList();
                var huge = random.Next(4) switch
                {
                    0 => new string('9', 40),
                    1 => "1" + new string('0', 39) + ".25",
                    2 => "0." + new string('0', 40) + "1",
                    _ => new string('7', 29),
                };
                if (numbers.Count == 0) return ("insert huge number", text.Insert(Boundary(random, text, tokens), " " + huge + " "));
                var t = Pick(random, numbers);
                var suffixLength = t.Length - text.Substring(t.Start, t.Length).TakeWhile(c => char.IsAsciiDigit(c) || c == '.').Count();
                return ($"huge number at {t.Start}", text.Remove(t.Start, t.Length - suffixLength).Insert(t.Start, huge));
            }
            case 12:
            {
                var depth = Pick(random, NestingDepths);
                var shape = random.Next(Nestings.Length);
                var at = Boundary(random, text, tokens);
                return ($"nesting #{shape} × {depth} at {at}", text.Insert(at, " " + Nestings[shape](depth) + " "));
            }
            case 13:
            {
                var (other, otherText) = corpus[random.Next(corpus.Count)];
                var start = random.Next(otherText.Length + 1);
                var length = random.Next(Math.Min(400, otherText.Length - start) + 1);
                var at = random.Next(text.Length + 1);
                return ($"splice {length} characters of {Path.GetFileName(other)} at {at}", text.Insert(at, otherText.Substring(start, length)));
            }
            case 14:
            {
                var at = random.Next(text.Length + 1);
                var noise = new string(Enumerable.Range(0, 1 + random.Next(8)).Select(_ => (char)random.Next(0x10000)).ToArray());
                return ($"insert random characters at {at}", text.Insert(at, noise));
            }
            case 15 when text.Length > 0:
            {
                var start = random.Next(text.Length);
                var length = random.Next(Math.Min(200, text.Length - start) + 1);
                return ($"delete {length} characters at {start}", text.Remove(start, length));
            }
            default:
            {
                var at = random.Next(text.Length + 1);
                return ($"insert sample at {at}", text.Insert(at, Pick(random, Samples)));
            }
        }
    }

    private static string Soup(Random random)
    {
        var text = new StringBuilder();
        if (random.Next(2) == 0) text.Append("policy p\n");
        var count = 1 + random.Next(random.Next(4) == 0 ? 1000 : 150);
        for (var i = 0; i < count; i++)
        {
            var r = random.Next(100);
            text.Append(r switch
            {
                < 65 => Pick(random, Vocabulary),
                < 95 => Pick(random, Samples),
                _ => Pick(random, Oddities),
            });
            text.Append(random.Next(10) switch { < 6 => " ", < 8 => "\n", 8 => "", _ => "  \t" });
        }
        return text.ToString();
    }

    private readonly record struct Token(int Type, int Start, int Length);

    /// <summary>The visible tokens of a text, by our own lexer.</summary>
    private static List<Token> Tokens(string text)
    {
        var lexer = new PolicyLexer(new LexerInput(text, "fuzz"));
        lexer.RemoveErrorListeners();
        return lexer.GetAllTokens()
            .Where(t => t.Channel == TokenConstants.DefaultChannel && t.StopIndex >= t.StartIndex)
            .Select(t => new Token(t.Type, t.StartIndex, t.StopIndex - t.StartIndex + 1))
            .ToList();
    }

    /// <summary>A place between two tokens (or the end), where inserted text makes whole tokens.</summary>
    private static int Boundary(Random random, string text, List<Token> tokens) =>
        tokens.Count == 0 || random.Next(tokens.Count + 1) == tokens.Count ? text.Length : Pick(random, tokens).Start;

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static string Repeat(string s, int n) => string.Concat(Enumerable.Repeat(s, n));

    /// <summary>A well-spread seed for case <paramref name="index"/> (SplitMix64 finaliser; not HashCode, which differs per process).</summary>
    private static int Mix(int seed, int index)
    {
        var z = ((ulong)(uint)seed << 32 | (uint)index) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)(z ^ (z >> 31));
    }

    private static IReadOnlyList<string> BuildVocabulary()
    {
        var words = new List<string>();
        for (var type = 1; type <= PolicyLexer._ATN.maxTokenType; type++)
        {
            if (PolicyLexer.DefaultVocabulary.GetLiteralName(type) is { Length: > 2 } literal) words.Add(literal[1..^1]);
        }
        words.AddRange(["元", "分", "×", "÷", "￥", "¥"]); // alternatives in YUAN, PTS, STAR, SLASH, YUAN_SIGN
        return words;
    }
}
