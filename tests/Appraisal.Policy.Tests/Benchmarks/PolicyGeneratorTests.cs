using Appraisal.Policy.Benchmarks;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Tests.Benchmarks;

/// <summary>The benchmarks measure valid policies only: every generated policy must parse cleanly.</summary>
public class PolicyGeneratorTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(1000)]
    public void Generated_policy_parses_without_diagnostics(int rules)
    {
        var text = PolicyGenerator.Generate(rules);
        var result = Parser.Parse(new SourceText($"generated-{rules}.policy", text));
        Assert.Empty(result.Diagnostics.Select(d => $"{d.Span} {d.Code} {d.Message()}"));
        Assert.Equal(rules, result.File.Declarations.Length - SourceCitations(result.File));
    }

    [Fact]
    public void Generated_policy_has_every_kind_of_rule_the_benchmarks_need()
    {
        var file = Parser.Parse(new SourceText("generated.policy", PolicyGenerator.Generate(100))).File;
        var declarations = file.Declarations;
        Assert.Contains(declarations, d => d is InputDecl);
        Assert.Contains(declarations, d => d is EnumDecl);
        Assert.Contains(declarations, d => d is TableDecl { HitPolicy: HitPolicy.First } t && t.Rows[^1].IsElse);
        Assert.Contains(declarations, d => d is TableDecl { HitPolicy: HitPolicy.Unique, HitPolicyWritten: true } t && t.Rows[^1].IsElse);
        Assert.Contains(declarations, d => d is LetDecl);
        Assert.Contains(declarations, d => d is ScorecardDecl s && s.Entries.Select(e => e.Kind).Distinct().Count() == 3);
        Assert.Contains(declarations, d => d is GateDecl);
        Assert.Contains(declarations, d => d is OutputDecl { Round: not null });
    }

    [Fact]
    public void Let_definitions_refer_to_earlier_declarations_only()
    {
        var file = Parser.Parse(new SourceText("generated.policy", PolicyGenerator.Generate(3 * PolicyGenerator.RulesPerModule))).File;
        var declared = new HashSet<string>();
        foreach (var declaration in file.Declarations)
        {
            if (declaration is LetDecl let)
            {
                Assert.All(Names(let.Value), name => Assert.Contains(name, declared));
            }
            switch (declaration)
            {
                case InputDecl input: declared.UnionWith(input.Fields.Select(f => f.Name.Text)); break;
                case NamedDeclaration named: declared.Add(named.Name.Text); break;
            }
        }
    }

    [Fact]
    public void Generation_is_deterministic() => Assert.Equal(PolicyGenerator.Generate(250), PolicyGenerator.Generate(250));

    private static int SourceCitations(PolicyFile file) => file.Declarations.Count(d => d is SourceDecl);

    private static IEnumerable<string> Names(Expr expr) => expr switch
    {
        NameExpr n => [n.Name.Text],
        CallExpr c => c.Arguments.SelectMany(Names).Prepend(c.Callee.Text),
        BinaryExpr b => Names(b.Left).Concat(Names(b.Right)),
        UnaryExpr u => Names(u.Operand),
        MemberExpr m => Names(m.Target),
        IfExpr i => Names(i.Condition).Concat(Names(i.Then)).Concat(Names(i.Else)),
        _ => [],
    };
}

public class GeneratedPoliciesCheck
{
    [Theory]
    [InlineData(100)]
    [InlineData(1000)]
    public void Generated_policies_check_without_errors(int rules)
    {
        var result = Appraisal.Policy.Semantics.Checker.Check(new SourceText("generated.policy", PolicyGenerator.Generate(rules)));
        var errors = result.Diagnostics.Where(d => d.IsError).Take(5).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(d => $"{d.Span}: {d.Code} {d.Message()}")));
    }
}
