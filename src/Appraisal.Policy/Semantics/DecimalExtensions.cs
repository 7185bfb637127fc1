namespace Appraisal.Policy.Semantics;

internal static class DecimalExtensions
{
    /// <summary>Drops trailing zeros: 5.00 → 5.</summary>
    public static decimal Normalize(this decimal value) => value / 1.000000000000000000000000000000000m;
}
