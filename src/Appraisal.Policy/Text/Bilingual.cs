using Appraisal.Policy.Diagnostics;

namespace Appraisal.Policy.Text;

/// <summary>
/// A message or a part of one in both languages the product speaks. A diagnostic argument given as one is shown in
/// the reader's language as it is, never looked up by its English words.
/// </summary>
public sealed record Bilingual(string En, string Zh)
{
    public string In(Language language) => language == Language.Zh ? Zh : En;

    /// <summary>A text that is the same in both languages (a number, a name, JSON).</summary>
    public static Bilingual Same(string text) => new(text, text);

    public override string ToString() => En;
}
