namespace Appraisal.Engine.Tests;

/// <summary>The policies of <see cref="ConstructTests"/>, shared with the compiled tier's tests.</summary>
public static class ConstructPolicies
{
    public const string Band_tables_first_hit_and_else = """
            policy t
            input { r: percent in 0%..100% }
            table 退款率分(r: percent) -> points first { <= 5% => 30  <= 8% => 20  <= 10% => 10  else => 0 }
            output 分: points = 退款率分(r)
            test "exactly 5%" { given { r: 5% } expect { 分: 30 } }
            test "just above" { given { r: 5.01% } expect { 分: 20 } }
            test "exactly 10%" { given { r: 10% } expect { 分: 10 } }
            test "else" { given { r: 10.5% } expect { 分: 0 } }
            """;

    public const string Collect_sum_adds_every_matching_row = """
            policy t
            input { 迟到: count = 0  旷工: count = 0 }
            table 扣分(迟到: count, 旷工: count) -> points collect sum {
              >= 1 | -    => 5
              -    | >= 1 => 10
              >= 3 | -    => 5
            }
            output 合计: points = 扣分(迟到, 旷工)
            test "none" { given { } expect { 合计: 0 } }
            test "both" { given { 迟到: 3, 旷工: 1 } expect { 合计: 20 } }
            """;

    public const string Scorecard_floor_cap_weight_deduct_add = """
            policy t
            input { a: points in 0..100 = 100  迟到: count = 0  表扬: count = 0  投诉: count = 0 }
            scorecard 卡 out of 100 floor 0 {
              item 业绩 weight 60% max 100 = a
              item 出勤 weight 40% max 100 = 100 - 30 each 迟到, floor 0
              deduct 投诉 = 20 each 投诉
              add 表扬 = 2 each 表扬, cap 10
            }
            output 分: points = 卡.score
            output 出勤分: points = 卡.出勤
            test "full" { given { } expect { 分: 100, 出勤分: 100 } }
            test "floor on the item" { given { 迟到: 4 } expect { 分: 60, 出勤分: 0 } }
            test "cap on the addition" { given { 表扬: 9 } expect { 分: 110 } }
            test "floor on the total" { given { a: 0, 迟到: 4, 投诉: 2 } expect { 分: 0 } }
            """;

    public const string Pass_line_is_inclusive_and_money_is_rounded_as_stated = """
            policy t
            input { s: points in 0..130 }
            gate 合格: s >= 70% of 130 pts
            output 奖金: money round 0.01 = if 合格 then 1000 yuan * s / 130 pts else 0 yuan
            output 整元: money round 1 down = 1000 yuan * s / 130 pts
            test "on the line" { given { s: 91 } expect { 奖金: 700.00 yuan } }
            test "just below" { given { s: 90.99 } expect { 奖金: 0 yuan } }
            test "rounded half up to the fen" { given { s: 110 } expect { 奖金: 846.15 yuan, 整元: 846 yuan } }
            """;

    public const string All_or_nothing_gate_and_veto = """
            policy t
            input { 退款率: percent  纠纷: count  伪造签名: bool = false  业绩: points in 0..100 }
            gate 部门目标 all {
              退款率达标: 退款率 <= 5%
              无纠纷: 纠纷 == 0
            }
            veto 一票否决 when 伪造签名 {
              结论 = "开除"
              奖金 = 0 yuan
            } "伪造用户签名，当场开除"
            output 奖金: money round 0.01 = if 部门目标 then 10 yuan * 业绩 / 1 pts else 0 yuan
            output 结论: text = "留用"
            test "all met" { given { 退款率: 5%, 纠纷: 0, 业绩: 80 } expect { 奖金: 800 yuan, 结论: "留用" } }
            test "one missed" { given { 退款率: 4%, 纠纷: 1, 业绩: 100 } expect { 奖金: 0 yuan } }
            test "veto overrides the score" { given { 退款率: 1%, 纠纷: 0, 业绩: 100, 伪造签名: true } expect { 奖金: 0 yuan, 结论: "开除" } }
            """;

    public const string Exceptions_take_the_first_that_holds = """
            policy t
            input { 试用期: bool = false  离职: bool = false  s: points }
            output 奖金: money round 0.01 = 10 yuan * s / 1 pts
              unless 离职 => 0 yuan
              unless 试用期 => 5 yuan * s / 1 pts
            test "base" { given { s: 10 } expect { 奖金: 100 yuan } }
            test "probation" { given { s: 10, 试用期: true } expect { 奖金: 50 yuan } }
            test "first exception wins" { given { s: 10, 试用期: true, 离职: true } expect { 奖金: 0 yuan } }
            """;

    public const string Levels_are_cumulative_and_promote_one_step = """
            policy t period year effective 2026-01-01
            enum 等级 { 无, 初级, 中级, 高级 }
            input { 当前: 等级  主食: count = 0  菜肴: count = 0  西餐: count = 0 }
            levels 评定: 等级 from 当前 step 1 {
              无 { }
              初级 { 主食 >= 2, 菜肴 >= 2 }
              中级 { 主食 >= 4, 菜肴 >= 4 }
              高级 { 西餐 >= 5 }
            }
            output 新等级: 等级 = 评定
            test "meets junior" { given { 当前: 无, 主食: 2, 菜肴: 2 } expect { 新等级: 初级 } }
            test "one step only" { given { 当前: 初级, 主食: 9, 菜肴: 9, 西餐: 9 } expect { 新等级: 中级 } }
            test "senior needs the lower levels too" { given { 当前: 中级, 主食: 2, 菜肴: 2, 西餐: 9 } expect { 新等级: 初级 } }
            test "from intermediate to senior" { given { 当前: 中级, 主食: 4, 菜肴: 4, 西餐: 5 } expect { 新等级: 高级 } }
            """;

    public const string Escalation_steps_caps_and_resets_over_quarters = """
            policy t period quarter effective 2026-01-01
            input { 双指标未达成: bool = false }
            escalation 提取比例: percent {
              start 10%
              step 5% when 未达成
              cap 20%
              reset when not 未达成
            }
            output 未达成: bool = 双指标未达成
            output 比例: percent = 提取比例
            test "no history" { period 2026-Q1  given { } expect { 比例: 10% } }
            test "one miss" { period 2026-Q2  history 2026-Q1 { 未达成: true }  given { } expect { 比例: 15% } }
            test "capped" {
              period 2026-Q4
              history 2026-Q1 { 未达成: true }
              history 2026-Q2 { 未达成: true }
              history 2026-Q3 { 未达成: true }
              given { } expect { 比例: 20% }
            }
            test "reset after a met quarter" {
              period 2027-Q1
              history 2026-Q1 { 未达成: true }
              history 2026-Q2 { 未达成: true }
              history 2026-Q3 { 未达成: false }
              history 2026-Q4 { 未达成: true }
              given { } expect { 比例: 15% }
            }
            test "a gap starts the run again" {
              period 2026-Q4
              history 2026-Q1 { 未达成: true }
              history 2026-Q3 { 未达成: true }
              given { } expect { 比例: 15% }
            }
            """;

    public const string Forced_distribution_with_a_tie_at_the_boundary = """
            policy t period quarter effective 2026-01-01
            enum 评级 { 优秀, 达标, 不达标 }
            input { 指数: points in 0..100 }
            distribute 强制分布: 评级 by 指数 desc ratio 优秀 2 : 达标 7 : 不达标 1 ties higher
            rank 排名 by 指数
            output 等级: 评级 = 强制分布
            output 名次: count = 排名
            test "ten people, tie across the excellent boundary" {
              given "A" { 指数: 99 }  given "B" { 指数: 95 }  given "C" { 指数: 95 }  given "D" { 指数: 90 }
              given "E" { 指数: 88 }  given "F" { 指数: 85 }  given "G" { 指数: 80 }  given "H" { 指数: 75 }
              given "I" { 指数: 70 }  given "J" { 指数: 60 }
              expect "A" { 等级: 优秀, 名次: 1 }
              expect "B" { 等级: 优秀, 名次: 2 }
              expect "C" { 等级: 优秀, 名次: 2 }
              expect "D" { 等级: 达标, 名次: 4 }
              expect "I" { 等级: 达标 }
              expect "J" { 等级: 不达标, 名次: 10 }
            }
            """;

    public const string Lowest_quotient_wins_among_eligible_bids = """
            policy t
            input { 报价: money  合格: bool }
            select 中标 by 报价 lowest where 合格
            output 是否中标: bool = 中标
            test "cheapest eligible bid wins" {
              given "甲" { 报价: 900 yuan, 合格: false }
              given "乙" { 报价: 950 yuan, 合格: true }
              given "丙" { 报价: 990 yuan, 合格: true }
              expect "甲" { 是否中标: false }
              expect "乙" { 是否中标: true }
              expect "丙" { 是否中标: false }
            }
            """;

    public const string Dated_parameters_take_the_value_in_force_for_the_period = """
            policy t period month effective 2026-01-01
            param 底薪: money { 2026-01-01 => 2000 yuan  2026-07-01 => 2200 yuan }
            input { 加班: money = 0 yuan }
            output 工资: money round 0.01 = 底薪 + 加班
            test "before the raise" { period 2026-06  given { } expect { 工资: 2000 yuan } }
            test "from the raise" { period 2026-07  given { } expect { 工资: 2200 yuan } }
            """;

    public const string Aggregations_over_lists_of_records = """
            policy t
            enum 处理 { 已处理, 未处理 }
            record 投诉 { 结果: 处理  扣分: points in 5..20 }
            input { 投诉: list of 投诉 = [] }
            output 扣分合计: points = sum(c in 投诉 where c.结果 == 已处理 : c.扣分)
            output 未处理数: count = count(c in 投诉 where c.结果 == 未处理)
            output 最重: points = if count(c in 投诉) > 0 then max(c in 投诉 : c.扣分) else 0
            test "none" { given { } expect { 扣分合计: 0, 未处理数: 0, 最重: 0 } }
            test "three" {
              given { 投诉: [ { 结果: 已处理, 扣分: 5 }, { 结果: 未处理, 扣分: 20 }, { 结果: 已处理, 扣分: 10 } ] }
              expect { 扣分合计: 15, 未处理数: 1, 最重: 20 }
            }
            """;

    public const string Division_by_zero_at_run_time_is_a_located_error_not_a_zero = """
            policy t
            input { 分子: points  分母: points }
            output 比例: number = 分子 / 分母
            """;

    public const string A_unique_table_with_no_matching_row_is_a_located_error = """
            policy t
            input { s: points  上限: points }
            table 档(s: points, m: points) -> text { 0..m | - => "正常" }
            output 档位: text = 档(s, 上限)
            """;

    public const string The_cost_budget_stops_an_evaluation_that_is_too_large = """
            policy t
            input { 投诉: list of points }
            output 合计: points = sum(p in 投诉 : p)
            """;

    public static IReadOnlyList<(string Name, string Source)> All { get; } =
    [
        (nameof(Band_tables_first_hit_and_else), Band_tables_first_hit_and_else),
        (nameof(Collect_sum_adds_every_matching_row), Collect_sum_adds_every_matching_row),
        (nameof(Scorecard_floor_cap_weight_deduct_add), Scorecard_floor_cap_weight_deduct_add),
        (nameof(Pass_line_is_inclusive_and_money_is_rounded_as_stated), Pass_line_is_inclusive_and_money_is_rounded_as_stated),
        (nameof(All_or_nothing_gate_and_veto), All_or_nothing_gate_and_veto),
        (nameof(Exceptions_take_the_first_that_holds), Exceptions_take_the_first_that_holds),
        (nameof(Levels_are_cumulative_and_promote_one_step), Levels_are_cumulative_and_promote_one_step),
        (nameof(Escalation_steps_caps_and_resets_over_quarters), Escalation_steps_caps_and_resets_over_quarters),
        (nameof(Forced_distribution_with_a_tie_at_the_boundary), Forced_distribution_with_a_tie_at_the_boundary),
        (nameof(Lowest_quotient_wins_among_eligible_bids), Lowest_quotient_wins_among_eligible_bids),
        (nameof(Dated_parameters_take_the_value_in_force_for_the_period), Dated_parameters_take_the_value_in_force_for_the_period),
        (nameof(Aggregations_over_lists_of_records), Aggregations_over_lists_of_records),
        (nameof(Division_by_zero_at_run_time_is_a_located_error_not_a_zero), Division_by_zero_at_run_time_is_a_located_error_not_a_zero),
        (nameof(A_unique_table_with_no_matching_row_is_a_located_error), A_unique_table_with_no_matching_row_is_a_located_error),
        (nameof(The_cost_budget_stops_an_evaluation_that_is_too_large), The_cost_budget_stops_an_evaluation_that_is_too_large),
    ];
}
