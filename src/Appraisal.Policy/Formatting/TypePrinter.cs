using Appraisal.Policy.Syntax;

namespace Appraisal.Policy.Formatting;

internal static class TypePrinter
{
    public static string Print(TypeRef type) => type switch
    {
        ListTypeRef list => "list of " + Print(list.Element),
        NamedTypeRef named => named.Name.Text,
        RatioTypeRef ratio => ratio.Numerator.Name.Text + " / " + ratio.Denominator.Name.Text,
        _ => throw new ArgumentException("Unknown type reference " + type.GetType().Name, nameof(type)),
    };
}
