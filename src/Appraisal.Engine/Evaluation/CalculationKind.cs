namespace Appraisal.Engine.Evaluation;

/// <summary>What one step of a <see cref="Calculation"/> is.</summary>
public enum CalculationKind
{
    /// <summary>A constant written in the policy (<c>20 pts</c>).</summary>
    Constant,
    /// <summary>A value read by name — an input, a parameter, another rule, a field (<see cref="Calculation.Text"/> is the name).</summary>
    Named,
    /// <summary>An expression shown by its value only (a table call, an aggregate, …; <see cref="Calculation.Text"/> is its source).</summary>
    Opaque,
    /// <summary><c>+ − × ÷</c> of two parts (<see cref="Calculation.Text"/> is the operator).</summary>
    Operation,
    /// <summary>The negation of its part.</summary>
    Negation,
    /// <summary>A comparison of two parts (<see cref="Calculation.Text"/> is the operator).</summary>
    Comparison,
    /// <summary><c>and</c> / <c>or</c> of its parts, as far as they were needed (<see cref="Calculation.Text"/> is the word).</summary>
    Logic,
    /// <summary><c>not</c> of its part.</summary>
    Not,
    /// <summary><c>if</c>: the condition, then the branch taken (<see cref="Calculation.Text"/> is <c>then</c> or <c>else</c>).</summary>
    Choice,
    /// <summary><c>value in low..high</c>: the value, the low and the high end.</summary>
    Range,
    /// <summary>A function (<c>min</c>, <c>max</c>, <c>abs</c>, <c>floor</c>, <c>ceil</c>, <c>round</c>) of its parts (<see cref="Calculation.Text"/> is its name).</summary>
    Function,
    /// <summary>An <c>unless</c> exception replaced the value: its condition, then its value.</summary>
    Exception,
    /// <summary><c>each(…)</c>: one <see cref="Element"/> per item it kept, in the list's order.</summary>
    Elements,
    /// <summary>One item of an <c>each</c> (<see cref="Calculation.Text"/> is its place in the list, from 1): how its value came about.</summary>
    Element,
}
