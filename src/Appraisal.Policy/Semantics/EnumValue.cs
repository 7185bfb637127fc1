namespace Appraisal.Policy.Semantics;

/// <summary>An enum value known at compile time.</summary>
public sealed record EnumValue(string Enum, string Member, int Index)
{
    public override string ToString() => Member;
}
