// placeholder, replaced by the real formatter on merge
using Appraisal.Policy.Syntax;

namespace Appraisal.Policy.Formatting;

/// <summary>Placeholder: returns the file's text unchanged so that `policy fmt` builds before the formatter lands.</summary>
public static class Formatter
{
    public static string Format(PolicyFile file) => file.Source.Text;
}
