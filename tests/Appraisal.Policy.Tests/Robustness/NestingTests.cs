using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Tests.Robustness;

/// <summary>
/// Deeply nested input must come back as a diagnostic, never as a stack overflow (which would kill the
/// process) or as a parse that never ends. 1,000 nested parentheses overflowed a 1.5 MB thread stack in the parser.
/// </summary>
public class NestingTests
{
    private static string Repeat(string s, int n) => string.Concat(Enumerable.Repeat(s, n));

    public static TheoryData<string, string> DeepInputs() => new()
    {
        { "parentheses", "let a = " + Repeat("(", 5000) + "1" + Repeat(")", 5000) },
        { "unclosed parentheses", "let a = " + Repeat("(", 5000) + "1" },
        { "brackets", "let a = " + Repeat("[", 5000) + "1" + Repeat("]", 5000) },
        { "records", "let a = " + Repeat("{x: ", 5000) + "1" + Repeat("}", 5000) },
        { "negations", "let a = " + Repeat("- ", 5000) + "1" },
        { "nots", "let a = " + Repeat("not ", 5000) + "true" },
        { "else-if chain", "let a = " + Repeat("if true then 1 else ", 5000) + "2" },
        { "calls", "let a = " + Repeat("f(", 5000) + "1" + Repeat(")", 5000) },
        { "list types", "let a: " + Repeat("list of ", 5000) + "number = 1" },
        { "operator chain", "let a = 1" + Repeat(" + 1", 20000) },
        { "member chain", "let a = x" + Repeat(".y", 20000) },
        // Found by the fuzzer (FUZZ_SEED=1, case 1094): ANTLR's prediction looked ahead through the whole nest
        // (aggregate or call? plain or range test?), with time and memory growing faster than the depth; the
        // test host died of memory exhaustion. Brackets are now counted before parsing.
        { "unbalanced aggregates in a table", "table x(r: percent) -> points unique " + Repeat("sum(p in ", 5000) + "x" + Repeat(")", 2500) + " => 1 }" },
        { "aggregates in a table cell", "table x(r: percent) -> points unique { " + Repeat("sum(p in ", 5000) + "x" + Repeat(")", 5000) + " => 1 }" },
    };

    [Theory]
    [MemberData(nameof(DeepInputs))]
    public void Deep_nesting_is_reported_once_and_does_not_overflow(string what, string declaration)
    {
        // A 1 MB stack: the smallest default among the platforms (Windows' main thread).
        var source = new SourceText(what, "policy t\n" + declaration + "\noutput o: number = 1\n");
        var parsed = RunWithStack(1024 * 1024, () => Parser.Parse(source));
        var diagnostic = Assert.Single(parsed.Diagnostics);
        Assert.Equal(DiagnosticCodes.NestingTooDeep, diagnostic.Descriptor);
        Assert.Contains(Parser.MaxNesting.ToString(System.Globalization.CultureInfo.InvariantCulture), diagnostic.Message(Language.En));

        // The checker passes walk what the parser let through; they must cope on the same stack.
        var checkedPolicy = RunWithStack(1024 * 1024, () => Checker.Check(source));
        Assert.Contains(checkedPolicy.Diagnostics, d => d.Descriptor == DiagnosticCodes.NestingTooDeep);
    }

    [Fact]
    public void Nesting_just_below_the_limit_parses_without_diagnostics()
    {
        var depth = Parser.MaxNesting - 5;
        var text = $"policy t\nlet a = {Repeat("(", depth)}1{Repeat(")", depth)}\nlet b = 1{Repeat(" + 1", depth)}\n";
        var result = RunWithStack(1024 * 1024, () => Parser.Parse(new SourceText("t", text)));
        Assert.Empty(result.Diagnostics);
        RunWithStack(1024 * 1024, () => Checker.Check(new SourceText("t", text))); // and the checker copes with that depth
    }

    [Fact]
    public void Declarations_around_a_too_deep_operator_chain_are_kept()
    {
        var text = "policy t\nlet a = 1\nlet b = 1" + Repeat(" + 1", 1000) + "\nlet c = 2\n";
        var result = Parser.Parse(new SourceText("t", text));
        Assert.Equal(DiagnosticCodes.NestingTooDeep, Assert.Single(result.Diagnostics).Descriptor);
        Assert.Equal(new[] { "a", "b", "c" }, result.File.Declarations.Cast<LetDecl>().Select(l => l.Name.Text));
    }

    [Fact]
    public void A_caller_with_a_small_stack_can_still_parse_deep_input()
    {
        // The parse runs on a thread of its own with a large stack, whatever the caller's stack.
        var text = "policy t\nlet a = " + Repeat("(", 150) + "1" + Repeat(")", 150) + "\n";
        var result = RunWithStack(192 * 1024, () => Parser.Parse(new SourceText("t", text)));
        Assert.Empty(result.Diagnostics);
    }

    private static T RunWithStack<T>(int stackBytes, Func<T> work)
    {
        T? result = default;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try { result = work(); }
            catch (Exception e) { error = e; }
        }, stackBytes);
        thread.Start();
        thread.Join();
        if (error is not null) throw new InvalidOperationException("failed on the worker thread", error);
        return result!;
    }
}
