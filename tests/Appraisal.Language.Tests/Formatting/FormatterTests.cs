using Appraisal.Policy.Formatting;

namespace Appraisal.Policy.Tests.Formatting;

/// <summary>Focused before/after cases; each one also checks the round trip (same AST, idempotent, comments kept).</summary>
public class FormatterTests
{
    // -----------------------------------------------------------------------------------------
    // Layout and alignment

    [Fact]
    public void Header_clauses_are_indented_in_canonical_order_and_declarations_are_one_blank_line_apart()
    {
        FormatAssert.Formats("""
            policy 年度考核 effective 2026-01-01 period year version "2026.2"
            let a = 1
            output b: number = a
            """, """
            policy 年度考核
              version 2026.2
              period year
              effective 2026-01-01

            let a = 1

            output b: number = a
            """);
    }

    [Fact]
    public void A_run_of_one_line_declarations_of_one_kind_stays_together_unless_a_comment_separates_them()
    {
        FormatAssert.Formats("""
            policy t
            let a = 1

            let b = 2
            // 说明
            let c = 3
            output d: number = a + b + c
            """, """
            policy t

            let a = 1
            let b = 2

            // 说明
            let c = 3

            output d: number = a + b + c
            """);
    }

    [Fact]
    public void A_library_header_and_includes()
    {
        FormatAssert.Formats("""
            library 通用
            include   "common/等级.policy"
            """, """
            library 通用

            include "common/等级.policy"
            """);
    }

    [Fact]
    public void Source_lines_stay_attached_to_the_declaration_after_them()
    {
        FormatAssert.Formats("""
            policy t
            source "制度 第 1 条"

            source "制度 第 2 条"

            let a = 1
            source "制度 第 3 条"
            let b = 2
            """, """
            policy t

            source "制度 第 1 条"
            source "制度 第 2 条"
            let a = 1

            source "制度 第 3 条"
            let b = 2
            """);
    }

    [Fact]
    public void Table_rows_align_the_arrow()
    {
        FormatAssert.Formats("""
            policy t
            table 退款率分(r: percent) -> points first {
              <= 5% => 30 ; <= 10%   => 10
              5%..<9% => 5
              else => 0
            }
            """, """
            policy t

            table 退款率分(r: percent) -> points first {
              <= 5%   => 30
              <= 10%  => 10
              5%..<9% => 5
              else    => 0
            }
            """);
    }

    [Fact]
    public void Cells_of_multi_column_tables_align_by_column_in_display_width()
    {
        FormatAssert.Formats("""
            policy t
            table 时限(类型: 故障, 距离: number) -> duration collect sum {
              车身 | <= 100 => 24h
              底盘悬挂 | > 100, < 500 => 12小时
              - | - => 30min
              else => 1d
            }
            """, """
            policy t

            table 时限(类型: 故障, 距离: number) -> duration collect sum {
              车身     | <= 100       => 24h
              底盘悬挂 | > 100, < 500 => 12小时
              -        | -            => 30min
              else                    => 1d
            }
            """);
    }

    [Fact]
    public void Input_fields_align_their_types_and_descriptions()
    {
        FormatAssert.Formats("""
            policy t
            input {
              岗位: 岗位
              退款率: percent in 0%..100% "退款订单占比"
              迟到: count = 0, 投诉扣分: list of points = [] "查实的投诉"
            }
            """, """
            policy t

            input {
              岗位:     岗位
              退款率:   percent in 0%..100%  "退款订单占比"
              迟到:     count = 0
              投诉扣分: list of points = []  "查实的投诉"
            }
            """);
    }

    // -----------------------------------------------------------------------------------------
    // Expressions

    [Theory]
    [InlineData("(a + b) * c", "(a + b) * c")]
    [InlineData("a + (b * c)", "a + b * c")]
    [InlineData("(a - b) - c", "a - b - c")]
    [InlineData("a - (b - c)", "a - (b - c)")]
    [InlineData("a / (b * c)", "a / (b * c)")]
    [InlineData("(5 each 迟到) - (10 each 旷工)", "5 each 迟到 - 10 each 旷工")]
    [InlineData("5 each (迟到 - 1)", "5 each (迟到 - 1)")]
    [InlineData("(70% of 满分) * 2", "(70% of 满分) * 2")]
    [InlineData("-(a + b)", "-(a + b)")]
    [InlineData("(-a) * b", "-a * b")]
    [InlineData("(-a).b", "(-a).b")]
    [InlineData("-(a.b)", "-a.b")]
    [InlineData("(a + b).c", "(a + b).c")]
    [InlineData("not (a and b)", "not (a and b)")]
    [InlineData("(not a) and b", "not a and b")]
    [InlineData("not (a < b)", "not a < b")]
    [InlineData("(not a) < b", "(not a) < b")]
    [InlineData("a or (b and c)", "a or b and c")]
    [InlineData("(a or b) and c", "(a or b) and c")]
    [InlineData("(a < b) == c", "a < b == c")]
    [InlineData("a == (b < c)", "a == (b < c)")]
    [InlineData("(x in 1..5) and (y in (a + 1)..(b))", "x in 1..5 and y in (a + 1)..b")]
    [InlineData("(if a then 1 else 2) + 3", "(if a then 1 else 2) + 3")]
    [InlineData("if a then (if b then 1 else 2) else (if c then 3 else 4)", "if a then if b then 1 else 2 else if c then 3 else 4")]
    [InlineData("sum(c in 投诉 where (c.有效) : (c.分数 * 2))", "sum(c in 投诉 where c.有效 : c.分数 * 2)")]
    [InlineData("max( a,b )+count(x in xs)", "max(a, b) + count(x in xs)")]
    [InlineData("[1,2,3,]", "[1, 2, 3]")]
    [InlineData("{a:1;b:\"x\"}", "{ a: 1, b: \"x\" }")]
    [InlineData("a×b÷c≥d", "a * b / c >= d")]
    public void Parentheses_are_kept_only_where_precedence_needs_them(string before, string after)
    {
        FormatAssert.Formats("policy t\nlet v = " + before, "policy t\n\nlet v = " + after);
    }

    [Theory]
    [InlineData("20分", "20分")]
    [InlineData("20 分", "20分")]
    [InlineData("20 pts", "20 pts")]
    [InlineData("20pts", "20 pts")]
    [InlineData("1000 yuan", "1000 yuan")]
    [InlineData("1000元", "1000元")]
    [InlineData("¥1000.50", "¥1000.50")]
    [InlineData("￥3", "￥3")]
    [InlineData("0.30", "0.30")]
    [InlineData("0.3", "0.3")]
    [InlineData("5.0%", "5.0%")]
    [InlineData("1.5h", "1.5h")]
    [InlineData("12小时", "12小时")]
    [InlineData("3天", "3天")]
    [InlineData("30分钟", "30分钟")]
    [InlineData("2026-01-01", "2026-01-01")]
    [InlineData("2026-Q1", "2026-Q1")]
    [InlineData("2026-H2", "2026-H2")]
    [InlineData("2026-03", "2026-03")]
    [InlineData("true", "true")]
    [InlineData("\"他说：\\\"好\\\" \\\\ 行\\n\"", "\"他说：\\\"好\\\" \\\\ 行\\n\"")]
    [InlineData("\"\\x\"", "\"x\"")]
    public void Literals_are_printed_as_written(string before, string after)
    {
        FormatAssert.Formats("policy t\nlet v = " + before, "policy t\n\nlet v = " + after);
    }

    [Fact]
    public void Conditions_get_a_comma_only_where_the_next_one_would_run_into_them()
    {
        FormatAssert.Formats("""
            policy t
            gate 合格 all { a; -b > 0; c; (d) > 1; e }
            """, """
            policy t

            gate 合格 all {
              a,
              -b > 0
              c
              d > 1
              e
            }
            """);
    }

    // -----------------------------------------------------------------------------------------
    // Every kind of declaration

    [Fact]
    public void Enums_records_and_params()
    {
        FormatAssert.Formats("""
            policy t
            enum 等级{优;良,中 , 差}
            record 员工 { 姓名: text 工号: number "编号"; 部门: text = "售后" }
            record 空 { }
            param KPI总奖金: money = 1000 yuan "每月"
            param 底薪: money { 2026-01-01 => 2000 yuan, 2026-07-01 => 2200 yuan }
            """, """
            policy t

            enum 等级 { 优, 良, 中, 差 }

            record 员工 {
              姓名: text
              工号: number  "编号"
              部门: text = "售后"
            }

            record 空 {}

            param KPI总奖金: money = 1000 yuan "每月"

            param 底薪: money {
              2026-01-01 => 2000 yuan
              2026-07-01 => 2200 yuan
            }
            """);
    }

    [Fact]
    public void Constraints_lets_and_outputs_with_unless_and_round()
    {
        FormatAssert.Formats("""
            policy t
            constraint 比例合理 : 比例<=100% "比例不能超过 100%"
            let 出勤:points=20-5 each 迟到 unless 请假>3=>0 unless 旷工>0 => -5
            output 工资 : money round 0.01 half_up = 基本工资+奖金 unless 离职 => 0 yuan
            output 得分: points = 考核.score
            """, """
            policy t

            constraint 比例合理: 比例 <= 100% "比例不能超过 100%"

            let 出勤: points = 20 - 5 each 迟到
              unless 请假 > 3 => 0
              unless 旷工 > 0 => -5

            output 工资: money round 0.01 half_up = 基本工资 + 奖金
              unless 离职 => 0 yuan

            output 得分: points = 考核.score
            """);
    }

    [Fact]
    public void Tables_with_each_hit_policy_and_an_empty_table()
    {
        FormatAssert.Formats("""
            policy t
            table A(g: 等级) -> points unique { 优 => 20 }
            table B(g: 等级) -> points { 优, 良 => 20 }
            table C(n: number) -> points collect sum { > 1 => 1 }
            table D(n: number) -> points first { }
            """, """
            policy t

            table A(g: 等级) -> points unique {
              优 => 20
            }

            table B(g: 等级) -> points {
              优, 良 => 20
            }

            table C(n: number) -> points collect sum {
              > 1 => 1
            }

            table D(n: number) -> points first {}
            """);
    }

    [Fact]
    public void Scorecards_with_weight_max_floor_cap_deduct_and_add()
    {
        FormatAssert.Formats("""
            policy t
            scorecard 考核 out of 130 floor 0 {
              item 素质 weight 2 max 20 = 等级分(素质) cap 18
              item 出勤 max 20 = 20 - 5 each 迟到, floor 0
              deduct 低质评价 = 5 each 低质评价, floor 0, cap 10;
              add 表扬 = 2 each 客户表扬 cap 6
            }
            """, """
            policy t

            scorecard 考核 out of 130 floor 0 {
              item 素质 weight 2 max 20 = 等级分(素质), cap 18
              item 出勤 max 20 = 20 - 5 each 迟到, floor 0
              deduct 低质评价 = 5 each 低质评价, floor 0, cap 10
              add 表扬 = 2 each 客户表扬, cap 6
            }
            """);
    }

    [Fact]
    public void Gates_single_all_and_any_with_labels_and_otherwise()
    {
        FormatAssert.Formats("""
            policy t
            gate 合格 : 考核.score>=70% of 考核.max otherwise "不合格"
            gate 全勤 all { 迟到: 迟到 == 0 "没有迟到", 旷工 == 0 } otherwise "不是全勤"
            gate 任一 any { a b }
            """, """
            policy t

            gate 合格: 考核.score >= 70% of 考核.max otherwise "不合格"

            gate 全勤 all {
              迟到: 迟到 == 0 "没有迟到"
              旷工 == 0
            } otherwise "不是全勤"

            gate 任一 any {
              a
              b
            }
            """);
    }

    [Fact]
    public void Vetoes_levels_and_escalations()
    {
        FormatAssert.Formats("""
            policy t
            veto 红线 when 重大投诉 > 0 { 得分 = 0; 等级 = 差 } "一票否决"
            levels 职级: 等级 from 当前职级 step 1 { P1 { } P2 { 年限: 工龄 >= 2 "满两年" 考核.score >= 90 } }
            escalation 提成比例: percent { cap 10%  start 5%  reset when 亏损  step 1% when 达标 }
            """, """
            policy t

            veto 红线 when 重大投诉 > 0 {
              得分 = 0
              等级 = 差
            } "一票否决"

            levels 职级: 等级 from 当前职级 step 1 {
              P1 {}
              P2 {
                年限: 工龄 >= 2 "满两年"
                考核.score >= 90
              }
            }

            escalation 提成比例: percent {
              start 5%
              step 1% when 达标
              cap 10%
              reset when 亏损
            }
            """);
    }

    [Fact]
    public void Rank_distribute_and_select()
    {
        FormatAssert.Formats("""
            policy t
            rank 排名 by 得分
            rank 倒序 by 得分 asc
            distribute 分布: 等级 by 得分 desc ratio 优 20:良 70:差 10 ties lower
            distribute 分布2: 等级 by 得分 ratio 优 20.5 : 良 79.5 ties higher
            select 最佳 by 得分 highest
            select 最差 by 得分 lowest where 部门=="售后"
            """, """
            policy t

            rank 排名 by 得分
            rank 倒序 by 得分 asc

            distribute 分布: 等级 by 得分 desc ratio 优 20 : 良 70 : 差 10 ties lower
            distribute 分布2: 等级 by 得分 ratio 优 20.5 : 良 79.5 ties higher

            select 最佳 by 得分 highest
            select 最差 by 得分 lowest where 部门 == "售后"
            """);
    }

    [Fact]
    public void Tests_with_period_history_given_and_expect_with_subjects()
    {
        FormatAssert.Formats("""
            policy t
            test "连续达标" { period 2026-03 ; history 2026-02 {等级:优}
              given {岗位:售后组长,迟到:1} given "张三" { 得分: 90 }
              expect "张三" {工资: 3000.00 yuan} expect { } }
            test "空" {}
            """, """
            policy t

            test "连续达标" {
              period 2026-03
              history 2026-02 { 等级: 优 }
              given { 岗位: 售后组长, 迟到: 1 }
              given "张三" { 得分: 90 }
              expect "张三" { 工资: 3000.00 yuan }
              expect {}
            }

            test "空" {}
            """);
    }

    // -----------------------------------------------------------------------------------------
    // Comments

    [Fact]
    public void Leading_and_trailing_comments_stay_where_they_are()
    {
        FormatAssert.Formats("""
            // 文件说明
            // 第二行

            policy t // 名称
              version 1 // 版本

            // 关于 a
            let a = 1 // 尾注
            /* 块注释 */ let b = 2
            """, """
            // 文件说明
            // 第二行

            policy t // 名称
              version 1 // 版本

            // 关于 a
            let a = 1 // 尾注

            /* 块注释 */
            let b = 2
            """);
    }

    [Fact]
    public void Comments_inside_blocks_stay_inside_in_order()
    {
        FormatAssert.Formats("""
            policy t
            input { // 输入
              // 第一组
              a: number
              b: number // b 的说明
              // 最后
            }
            table T(x: number) -> points first {
              <= 1 => 1 // 一
              // 行间
              else => 0
              // 表尾
            }
            """, """
            policy t

            input { // 输入
              // 第一组
              a: number
              b: number // b 的说明
              // 最后
            }

            table T(x: number) -> points first {
              <= 1 => 1 // 一
              // 行间
              else => 0
              // 表尾
            }
            """);
    }

    [Fact]
    public void A_comment_inside_an_expression_moves_before_its_line()
    {
        FormatAssert.Formats("""
            policy t
            let a = 1 + // 一
                    2 /* 二 */ * 3
            input {
              b: number = /* 默认 */ 0
            }
            test "x" { given { a: 1, // 记录里
                               b: 2 } }
            """, """
            policy t

            // 一
            /* 二 */
            let a = 1 + 2 * 3

            input {
              /* 默认 */
              b: number = 0
            }

            test "x" {
              // 记录里
              given { a: 1, b: 2 }
            }
            """);
    }

    [Fact]
    public void Comments_in_headers_and_after_closing_braces()
    {
        FormatAssert.Formats("""
            policy t
            table /* 表名前 */ T(x: number) -> points { 1 => 2 } // 表后
            gate G all { a } /* 否则前 */ otherwise "m" // 尾
            record R { } // 空记录
            """, """
            policy t

            /* 表名前 */
            table T(x: number) -> points {
              1 => 2
            } // 表后

            gate G all {
              a
              /* 否则前 */
            } otherwise "m" // 尾

            record R {} // 空记录
            """);
    }

    [Fact]
    public void An_enum_with_comments_between_its_members_gets_one_member_per_line()
    {
        FormatAssert.Formats("""
            policy t
            enum 等级 { 优, // 最好
              良, 中,
              差 // 最差
            }
            """, """
            policy t

            enum 等级 {
              优, // 最好
              良,
              中,
              差 // 最差
            }
            """);
    }

    [Fact]
    public void Escalation_clauses_take_their_comments_when_they_are_reordered()
    {
        FormatAssert.Formats("""
            policy t
            escalation E: percent {
              // 封顶
              cap 10%
              start 5% // 起点
              step 1% when 达标
            }
            """, """
            policy t

            escalation E: percent {
              start 5% // 起点
              step 1% when 达标
              // 封顶
              cap 10%
            }
            """);
    }

    [Fact]
    public void Comments_at_the_end_of_the_file_and_in_a_file_without_declarations()
    {
        FormatAssert.Formats("""
            policy t
            let a = 1
            // 结束
            """, """
            policy t

            let a = 1

            // 结束
            """);
        FormatAssert.Formats("// 只有注释\n", "// 只有注释");
    }

    [Fact]
    public void Canonical_text_formats_to_itself()
    {
        const string canonical = """
            // 说明
            policy 售后
              version 2026.1
              period month

            source "制度"
            table 等级分(g: 等级) -> points {
              优   => 20
              良好 => 15
            }
            """;
        FormatAssert.Formats(canonical, canonical);
    }
}

public class RepositoryPoliciesAreFormatted
{
    public static TheoryData<string> Policies()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.Policies, "*.policy", SearchOption.AllDirectories).Order()) data.Add(file);
        return data;
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void Every_policy_in_the_repository_is_in_canonical_layout(string path)
    {
        var text = File.ReadAllText(path);
        var parsed = Appraisal.Policy.Syntax.Parser.Parse(new Appraisal.Policy.Text.SourceText(path, text));
        Assert.Equal(Appraisal.Policy.Formatting.Formatter.Format(parsed.File), text);
    }
}
