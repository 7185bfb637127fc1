using System.Text;
using System.Text.RegularExpressions;
using Appraisal.Engine.Tests.Compilation;
using Appraisal.Engine.Evaluation;

namespace Appraisal.Engine.Tests.Robustness;

/// <summary>
/// Policies for the evaluating fuzz test, most of which check clean: random policies built from every construct
/// (tables whose rows read rules, scorecards, gates, vetoes, levels, escalation, population rules, exceptions,
/// aggregations) with random expressions of the right types; deep chains of rules (some past the checker's depth
/// limit); wide fan-in (one rule read by hundreds, gates and scorecards of hundreds of entries); and the real
/// policies and the construct policies with their numbers and operators mutated. Case <c>i</c> depends only on the
/// seed and <c>i</c>.
/// </summary>
internal static class RandomPolicies
{
    private static readonly Lazy<IReadOnlyList<(string Name, string Text)>> Corpus = new(() =>
        Directory.EnumerateFiles(RepositoryPaths.Policies, "*.policy", SearchOption.AllDirectories).Order()
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f)))
            .Concat(ConstructPolicies.All.Select(p => (p.Name, p.Source)))
            .Concat(ExtraPolicies.All.Select(p => (p.Name, p.Source)))
            .Where(p => !p.Item2.Contains("include ", StringComparison.Ordinal)) // included libraries are not beside the text
            .ToList());

    public static (string Description, string Text) Case(int seed, int index)
    {
        var random = new Random(HashCode.Combine(seed, index, 0x5eed));
        return random.Next(10) switch
        {
            < 5 => ("random policy", new Builder(random).Policy()),
            < 7 => Chain(random),
            8 => FanIn(random),
            _ => Mutated(random),
        };
    }

    // -----------------------------------------------------------------------------------------
    // Deep chains and wide fan-in

    private static (string, string) Chain(Random random)
    {
        // Up to a little past the longest chain the checker accepts (about 333 links of three steps).
        var links = random.Next(8) == 0 ? random.Next(300, 420) : random.Next(2, 120);
        var text = new StringBuilder("policy 链\n\ninput {\n  x: number in -100..100\n  k: count = 0\n}\n\n");
        text.Append("table 档位(v: number) -> number first {\n  <= 0 => v - 1\n  <= 50 => v * 2\n  else => v / 3\n}\n\n");
        text.Append("let l0: number = x\n");
        for (var i = 1; i < links; i++)
        {
            var p = $"l{i - 1}";
            text.Append($"let l{i}: number = ").Append(random.Next(6) switch
            {
                0 => $"{p} + 1",
                1 => $"档位({p})",
                2 => $"if {p} > 10 then {p} - 7 else {p} * 2",
                3 => $"round({p} / 3, 0.01, half_even)",
                4 => $"max({p}, x) - min({p}, 1)",
                _ => $"{p} * 1.5 - k",
            }).Append('\n');
        }
        text.Append($"gate 达标: l{links - 1} >= 0 otherwise \"链末为负\"\n");
        text.Append($"output o: number = l{links - 1}\n");
        text.Append("output 合格: bool = 达标\n");
        return ($"chain of {links}", text.ToString());
    }

    private static (string, string) FanIn(Random random)
    {
        var width = random.Next(16) == 0 ? random.Next(300, 800) : random.Next(20, 150);
        var text = new StringBuilder("policy 扇入\n\ninput {\n  x: number in -100..100\n  p: points in 0..10\n}\n\n");
        text.Append("let 基数: number = x * 2 - 3\n");
        for (var i = 0; i < width; i++) text.Append($"let a{i}: number = 基数 + {i}\n");
        text.Append($"gate 全部 all {{\n");
        for (var i = 0; i < width; i++) text.Append($"  c{i}: a{i} > {random.Next(-50, 50)}\n");
        text.Append("}\n");
        text.Append($"scorecard 卡 out of {width} {{\n");
        for (var i = 0; i < width; i++) text.Append($"  item 项{i} max 1 = if a{i} > 0 then 1 pts else 0 pts\n");
        text.Append("}\n");
        text.Append("output 总: number = a0");
        for (var i = 1; i < Math.Min(width, 150); i++) text.Append($" + a{i}");
        text.Append("\noutput 过: bool = 全部\noutput 分: points = 卡.score\n");
        return ($"fan-in of {width}", text.ToString());
    }

    // -----------------------------------------------------------------------------------------
    // Mutations of real policies

    private static readonly Regex Number = new(@"(?<![\p{L}_\d.])\d+(\.\d+)?", RegexOptions.CultureInvariant);
    private static readonly string[] Operators = [" + ", " - ", " * ", " / ", " >= ", " <= ", " > ", " < ", " == ", " and ", " or "];

    private static (string, string) Mutated(Random random)
    {
        var (name, text) = Corpus.Value[random.Next(Corpus.Value.Count)];
        // Half the time the tests are left out (a mutated number makes them fail, which is no crash); the other half they
        // stay, so that the policy's own tests (which the service runs before a version serves) run on mutants too.
        if (random.Next(2) == 0) text = Regex.Replace(text, @"^\s*test\s+""[^\n]*(\n(?!\s*(test|output|let|gate|table|scorecard|veto|levels|param|input|enum|record|source|escalation|rank|distribute|select)\b)[^\n]*)*", "", RegexOptions.Multiline);
        var description = new StringBuilder(name);
        var mutations = 1 + random.Next(6);
        for (var m = 0; m < mutations; m++)
        {
            if (random.Next(3) > 0)
            {
                var numbers = Number.Matches(text);
                if (numbers.Count == 0) continue;
                var at = numbers[random.Next(numbers.Count)];
                var replacement = random.Next(8) switch
                {
                    0 => "0",
                    1 => "79228162514264337593543950335",
                    2 => "0.0000000000000000000000000001",
                    3 => "99999999999999",
                    4 => (random.Next(1000) / 7m).ToString("0.####", System.Globalization.CultureInfo.InvariantCulture),
                    5 => "1",
                    6 => at.Value + "0",
                    _ => random.Next(-5, 200).ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
                text = text[..at.Index] + replacement + text[(at.Index + at.Length)..];
                description.Append($", number {at.Value} → {replacement}");
            }
            else
            {
                var from = Operators[random.Next(Operators.Length)];
                var at = text.IndexOf(from, random.Next(Math.Max(1, text.Length)), StringComparison.Ordinal);
                if (at < 0) at = text.IndexOf(from, StringComparison.Ordinal);
                if (at < 0) continue;
                var to = Operators[random.Next(Operators.Length)];
                text = text[..at] + to + text[(at + from.Length)..];
                description.Append($", '{from.Trim()}' → '{to.Trim()}'");
            }
        }
        return (description.ToString(), text);
    }

    // -----------------------------------------------------------------------------------------
    // Random policies from every construct

    private enum T { Number, Points, Money, Bool }

    private sealed class Builder(Random random)
    {
        private readonly StringBuilder _text = new();
        private readonly Dictionary<T, List<string>> _names = new()
        {
            [T.Number] = ["n1", "n2", "n3", "k1"],
            [T.Points] = ["p1", "p2"],
            [T.Money] = ["m1"],
            [T.Bool] = ["b1"],
        };
        private readonly List<(string Name, T Type)> _tables = new();
        private readonly List<(string Name, T Type)> _outputs = new();
        private readonly bool _quarterly = random.Next(4) == 0;
        private int _next;

        private string Fresh(string prefix) => prefix + _next++;

        private string Pick(T type) => _names[type][random.Next(_names[type].Count)];

        public string Policy()
        {
            _text.Append("policy 随机").Append(_quarterly ? " period quarter effective 2026-01-01" : "").Append("\n\n");
            _text.Append("enum 档 { 低, 中, 高 }\n");
            _text.Append("record 单 { 分: points in 0..20 = 0  有效: bool = true }\n");
            _text.Append("input {\n  n1: number in -1000..1000\n  n2: number\n  n3: number in 0..10 = 1\n  k1: count = 0\n");
            _text.Append("  p1: points in 0..100\n  p2: points\n  m1: money\n  r1: percent in 0%..100% = 50%\n  b1: bool = false\n");
            _text.Append("  g1: 档 = 中\n  单据: list of 单 = []\n}\n");
            _text.Append($"param 系数: number = {Literal()}\n");
            _names[T.Number].Add("系数");
            var rules = random.Next(3, 25);
            for (var i = 0; i < rules; i++) Rule();
            var outputs = random.Next(1, 6);
            for (var i = 0; i < outputs; i++) Output();
            if (random.Next(3) == 0) Veto();
            if (_quarterly && random.Next(2) == 0) Escalation();
            if (random.Next(5) == 0) Population();
            return _text.ToString();
        }

        private void Rule()
        {
            switch (random.Next(12))
            {
                case 0 or 1: Table(); break;
                case 2: EnumTable(); break;
                case 3: Scorecard(); break;
                case 4: Gate(); break;
                case 5: Levels(); break;
                default: Let(); break;
            }
        }

        private void Let()
        {
            var type = (T)random.Next(4);
            var name = Fresh("定义");
            _text.Append($"let {name}: {TypeName(type)} = {Expr(type, 3)}");
            if (random.Next(4) == 0) _text.Append($"\n  unless {Expr(T.Bool, 2)} => {Expr(type, 2)}");
            _text.Append('\n');
            _names[type].Add(name);
        }

        private void Table()
        {
            var type = random.Next(2) == 0 ? T.Number : T.Points;
            var name = Fresh("表");
            var (low, high) = (random.Next(-20, 20), random.Next(21, 120));
            var unique = random.Next(2) == 0;
            _text.Append($"table {name}(v: number) -> {TypeName(type)} {(unique ? "unique" : "first")} {{\n");
            string Result() => type == T.Number && random.Next(2) == 0 ? $"v * {Literal()} + {Expr(T.Number, 1)}" : Expr(type, 2);
            if (unique)
            {
                _text.Append($"  < {low} => {Result()}\n  {low}..<{high} => {Result()}\n  >= {high} => {Result()}\n");
            }
            else
            {
                _text.Append($"  <= {low} => {Result()}\n  <= {high} => {Result()}\n  else => {Result()}\n");
            }
            _text.Append("}\n");
            _tables.Add((name, type));
        }

        private void EnumTable()
        {
            var name = Fresh("档分");
            _text.Append($"table {name}(g: 档) -> points {{\n  低 => {Expr(T.Points, 1)}\n  中 => {Expr(T.Points, 1)}\n  高 => {Expr(T.Points, 1)}\n}}\n");
            _names[T.Points].Add($"{name}(g1)");
        }

        private void Scorecard()
        {
            var name = Fresh("卡");
            var items = random.Next(1, 6);
            var maxima = Enumerable.Range(0, items).Select(_ => random.Next(1, 40)).ToArray();
            _text.Append($"scorecard {name} out of {maxima.Sum()}{(random.Next(2) == 0 ? " floor 0" : "")} {{\n");
            for (var i = 0; i < items; i++)
                _text.Append($"  item 项{i} max {maxima[i]} = {Expr(T.Points, 2)}, floor 0, cap {maxima[i]}\n");
            if (random.Next(2) == 0) _text.Append("  deduct 扣 = 2 each k1, cap 10\n");
            if (random.Next(3) == 0) _text.Append("  add 加 = 1 each k1, cap 5\n");
            _text.Append("}\n");
            _names[T.Points].Add($"{name}.score");
            _names[T.Points].Add($"{name}.项0");
        }

        private void Gate()
        {
            var name = Fresh("门");
            switch (random.Next(3))
            {
                case 0:
                    _text.Append($"gate {name}: {Expr(T.Bool, 3)} otherwise \"未达标\"\n");
                    break;
                default:
                    _text.Append($"gate {name} {(random.Next(2) == 0 ? "all" : "any")} {{\n");
                    for (int i = 0, n = random.Next(1, 5); i < n; i++) _text.Append($"  条件{i}: {Expr(T.Bool, 2)} \"第 {i} 条\"\n");
                    _text.Append("}\n");
                    break;
            }
            _names[T.Bool].Add(name);
        }

        private void Levels()
        {
            var name = Fresh("评定");
            var current = random.Next(2) == 0 ? " from g1 step 1" : "";
            _text.Append($"levels {name}: 档{current} {{\n  低 {{ }}\n  中 {{ {Expr(T.Bool, 2)} }}\n  高 {{ {Expr(T.Bool, 2)}, {Expr(T.Bool, 2)} }}\n}}\n");
            _text.Append($"output {Fresh("等级")}: 档 = {name}\n");
        }

        private void Output()
        {
            var type = (T)random.Next(4);
            var name = Fresh("输出");
            var round = type switch
            {
                T.Money => " round 0.01",
                T.Points when random.Next(2) == 0 => " round 0.1 half_even",
                T.Number when random.Next(3) == 0 => " round 1 down",
                _ => "",
            };
            _text.Append($"output {name}: {TypeName(type)}{round} = {Expr(type, 3)}");
            if (random.Next(4) == 0) _text.Append($"\n  unless {Expr(T.Bool, 2)} => {Expr(type, 2)}");
            _text.Append('\n');
            _outputs.Add((name, type));
        }

        private void Veto()
        {
            var targets = _outputs.Where(o => o.Type != T.Bool).ToList();
            if (targets.Count == 0) return;
            var (output, type) = targets[random.Next(targets.Count)];
            // The condition reads inputs only: reading the output it sets would be a cycle (PL0301).
            _text.Append($"veto {Fresh("否决")} when b1 or n1 > {random.Next(-100, 100)} {{\n  {output} = {Literal(type)}\n}} \"一票否决\"\n");
        }

        private void Escalation()
        {
            var flags = _outputs.Where(o => o.Type == T.Bool).ToList();
            if (flags.Count == 0) return;
            var flag = flags[random.Next(flags.Count)].Name;
            var name = Fresh("比例");
            _text.Append($"escalation {name}: percent {{\n  start 10%\n  step 5% when {flag}\n  cap 20%\n");
            if (random.Next(2) == 0) _text.Append($"  reset when not {flag}\n");
            _text.Append("}\n");
            _text.Append($"output {Fresh("提取")}: percent = {name}\n");
        }

        private void Population()
        {
            switch (random.Next(3))
            {
                case 0:
                    var rank = Fresh("排名");
                    _text.Append($"rank {rank} by {Expr(T.Points, 2)}\noutput {Fresh("名次")}: count = {rank}\n");
                    break;
                case 1:
                    var distribution = Fresh("分布");
                    _text.Append($"distribute {distribution}: 档 by {Expr(T.Points, 2)} desc ratio 低 2 : 中 7 : 高 1 ties {(random.Next(2) == 0 ? "higher" : "lower")}\n");
                    _text.Append($"output {Fresh("分布档")}: 档 = {distribution}\n");
                    break;
                default:
                    var selection = Fresh("评选");
                    _text.Append($"select {selection} by {Expr(T.Money, 2)} {(random.Next(2) == 0 ? "lowest" : "highest")} where {Expr(T.Bool, 1)}\n");
                    _text.Append($"output {Fresh("入选")}: bool = {selection}\n");
                    break;
            }
        }

        /// <summary>An expression of the type; compound ones in brackets, so that precedence never changes the type.</summary>
        private string Expr(T type, int depth)
        {
            if (depth <= 0 || random.Next(4) == 0) return Leaf(type);
            var compound = Compound(type, depth - 1);
            return compound.StartsWith('(') ? compound : "(" + compound + ")";
        }

        private string Compound(T type, int d)
        {
            return type switch
            {
                T.Number => random.Next(11) switch
                {
                    0 => $"{Expr(T.Number, d)} + {Expr(T.Number, d)}",
                    1 => $"{Expr(T.Number, d)} - {Expr(T.Number, d)}",
                    2 => $"{Expr(T.Number, d)} * {Expr(T.Number, d)}",
                    3 => $"{Expr(T.Number, d)} / {Expr(T.Number, d)}",
                    4 => $"if {Expr(T.Bool, d)} then {Expr(T.Number, d)} else {Expr(T.Number, d)}",
                    5 => $"{new[] { "min", "max" }[random.Next(2)]}({Expr(T.Number, d)}, {Expr(T.Number, d)})",
                    6 => $"{new[] { "abs", "floor", "ceil" }[random.Next(3)]}({Expr(T.Number, d)})",
                    7 => $"round({Expr(T.Number, d)}, {new[] { "0.01", "1", "0.5" }[random.Next(3)]}, {new[] { "half_up", "half_even", "up", "down" }[random.Next(4)]})",
                    8 => TableCall(T.Number, d) ?? Leaf(type),
                    9 => $"({Expr(T.Points, d)}) / 1 pts",
                    _ => $"({Expr(T.Number, d)})",
                },
                T.Points => random.Next(9) switch
                {
                    0 => $"{Expr(T.Points, d)} + {Expr(T.Points, d)}",
                    1 => $"{Expr(T.Points, d)} - {Expr(T.Points, d)}",
                    2 => $"{Expr(T.Points, d)} * {Expr(T.Number, d)}",
                    3 => $"{Expr(T.Points, d)} / {Expr(T.Number, d)}",
                    4 => $"if {Expr(T.Bool, d)} then {Expr(T.Points, d)} else {Expr(T.Points, d)}",
                    5 => "sum(x in 单据 where x.有效 : x.分)",
                    6 => $"{random.Next(1, 10)} pts each k1",
                    7 => TableCall(T.Points, d) ?? Leaf(type),
                    _ => $"min({Expr(T.Points, d)}, {Expr(T.Points, d)})",
                },
                T.Money => random.Next(6) switch
                {
                    0 => $"{Expr(T.Money, d)} + {Expr(T.Money, d)}",
                    1 => $"{Expr(T.Money, d)} - {Expr(T.Money, d)}",
                    2 => $"{Expr(T.Money, d)} * {Expr(T.Number, d)}",
                    3 => $"r1 of {Expr(T.Money, d)}",
                    4 => $"if {Expr(T.Bool, d)} then {Expr(T.Money, d)} else {Expr(T.Money, d)}",
                    _ => $"1000 yuan * ({Expr(T.Points, d)}) / 100 pts",
                },
                _ => random.Next(9) switch
                {
                    0 => $"{Expr(T.Number, d)} {Compare()} {Expr(T.Number, d)}",
                    1 => $"{Expr(T.Points, d)} {Compare()} {Expr(T.Points, d)}",
                    2 => $"{Expr(T.Money, d)} {Compare()} {Expr(T.Money, d)}",
                    3 => $"{Expr(T.Bool, d)} and {Expr(T.Bool, d)}",
                    4 => $"{Expr(T.Bool, d)} or {Expr(T.Bool, d)}",
                    5 => $"not {Expr(T.Bool, d)}",
                    6 => $"g1 == 档.{new[] { "低", "中", "高" }[random.Next(3)]}",
                    7 => random.Next(2) == 0 ? "any(x in 单据 : x.有效 and x.分 > 10)" : "all(x in 单据 : x.分 >= 1)",
                    _ => $"{Expr(T.Number, d)} in {random.Next(-10, 5)}..{random.Next(5, 100)}",
                },
            };
        }

        private string? TableCall(T type, int depth)
        {
            var tables = _tables.Where(t => t.Type == type).ToList();
            return tables.Count == 0 ? null : $"{tables[random.Next(tables.Count)].Name}({Expr(T.Number, depth)})";
        }

        private string Leaf(T type) => random.Next(3) == 0 ? Literal(type) : Pick(type);

        private string Literal(T type) => type switch
        {
            T.Number => Literal(),
            T.Points => Literal().TrimStart('-') + " pts",
            T.Money => Literal().TrimStart('-') + " yuan",
            _ => random.Next(2) == 0 ? "true" : "false",
        };

        private string Literal() => random.Next(10) switch
        {
            0 => "0",
            1 => "79228162514264337593543950335",
            2 => "0.0001",
            3 => "-1",
            _ => (random.Next(-200, 2000) / (decimal)new[] { 1, 10, 100, 7 }[random.Next(4)])
                .ToString("0.####", System.Globalization.CultureInfo.InvariantCulture),
        };

        private string Compare() => new[] { ">", ">=", "<", "<=", "==", "!=" }[random.Next(6)];

        private static string TypeName(T type) => type switch
        {
            T.Number => "number",
            T.Points => "points",
            T.Money => "money",
            _ => "bool",
        };
    }
}
