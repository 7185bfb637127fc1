namespace Appraisal.Policy.Semantics;

/// <summary>
/// The decimal operations of the language, in one place: the tree evaluator (<c>EvalArithmetic</c>, <c>EvalBuiltIn</c>),
/// the C# the compiled tier generates (its helpers call these) and the checker's <see cref="ConstantEvaluator"/> all
/// call them, so none of them can compute a different number. Numbers are exact decimals: a result no decimal holds
/// throws <see cref="OverflowException"/>, a division by zero <see cref="DivideByZeroException"/>; each caller turns
/// them into what it reports (a located evaluation error at run time, "not a constant" in the checker). Nothing here
/// rounds: a rounding is stated in the policy and done by <see cref="Rounding.Apply"/>.
/// </summary>
public static class Arithmetic
{
    /// <summary><paramref name="x"/> + <paramref name="y"/>; <see cref="OverflowException"/> beyond a decimal.</summary>
    public static decimal Add(decimal x, decimal y) => x + y;

    /// <summary><paramref name="x"/> − <paramref name="y"/>; <see cref="OverflowException"/> beyond a decimal.</summary>
    public static decimal Subtract(decimal x, decimal y) => x - y;

    /// <summary><paramref name="x"/> × <paramref name="y"/> (also <c>each</c> and <c>of</c>); <see cref="OverflowException"/> beyond a decimal.</summary>
    public static decimal Multiply(decimal x, decimal y) => x * y;

    /// <summary>
    /// <paramref name="x"/> ÷ <paramref name="y"/>, to the precision of a decimal; <see cref="DivideByZeroException"/> when
    /// <paramref name="y"/> is zero (never a zero or an infinity), <see cref="OverflowException"/> beyond a decimal.
    /// </summary>
    public static decimal Divide(decimal x, decimal y) => y == 0m ? throw new DivideByZeroException() : x / y;

    /// <summary>−<paramref name="x"/> (always exact).</summary>
    public static decimal Negate(decimal x) => -x;

    /// <summary>|<paramref name="x"/>| (always exact).</summary>
    public static decimal Abs(decimal x) => Math.Abs(x);

    /// <summary>The largest whole number not above <paramref name="x"/>.</summary>
    public static decimal Floor(decimal x) => Math.Floor(x);

    /// <summary>The smallest whole number not below <paramref name="x"/>.</summary>
    public static decimal Ceiling(decimal x) => Math.Ceiling(x);

    /// <summary>
    /// The smaller of a running minimum and the next argument; on a tie the earlier one stays (1.0 and 1.00 are equal,
    /// and which of them is the result shows in its text), as in <c>min(a, b, …)</c> and <c>min(x in list : …)</c>.
    /// </summary>
    public static decimal Min(decimal best, decimal next) => next < best ? next : best;

    /// <summary>The larger of a running maximum and the next argument; on a tie the earlier one stays.</summary>
    public static decimal Max(decimal best, decimal next) => next > best ? next : best;
}
