using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Syntax;

/// <summary>
/// A canonical text dump of a whole AST, without spans and comments, as nested S-expressions:
/// <c>(BinaryExpr :Op Add :Left (NameExpr …) :Right …)</c>. Two files with the same dump mean the same thing;
/// the formatter's tests compare dumps before and after formatting.
/// <para>
/// It walks the records by reflection, so every field of every node kind is included, also fields added to the
/// AST later: a node prints its type name and then each public property (base type's first, in declaration
/// order), except spans, the source text and the file's comments.
/// </para>
/// </summary>
public static class AstDump
{
    private const int MaxInlineLength = 100;
    private const string Indent = "  ";

    public static string Dump(PolicyFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Value(file) + "\n";
    }

    private static string Value(object? value) => value switch
    {
        null => "nil",
        string s => Quote(s),
        bool b => b ? "true" : "false",
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        Name n => "(Name " + Quote(n.Text) + ")",
        IEnumerable items => List(items.Cast<object?>().Select(Value).ToList()),
        _ => Node(value),
    };

    private static string Node(object node)
    {
        var parts = DumpedProperties(node.GetType()).Select(p => ":" + p.Name + " " + Value(p.GetValue(node))).ToList();
        return Group("(" + node.GetType().Name, parts, ")");
    }

    private static string List(List<string> items) => items.Count == 0 ? "[]" : Group("[", items, "]");

    /// <summary>One line when short and flat, otherwise one part per line, indented.</summary>
    private static string Group(string open, List<string> parts, string close)
    {
        var inline = open + (open == "[" ? "" : " ") + string.Join(" ", parts) + close;
        if (parts.Count == 0) return open + close;
        if (inline.Length <= MaxInlineLength && !inline.Contains('\n')) return inline;
        var builder = new StringBuilder(open);
        foreach (var part in parts) builder.Append('\n').Append(Indent).Append(part.Replace("\n", "\n" + Indent, StringComparison.Ordinal));
        return builder.Append(close).ToString();
    }

    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> PropertyCache = new();

    private static PropertyInfo[] DumpedProperties(Type type) => PropertyCache.GetOrAdd(type, FindDumpedProperties);

    private static PropertyInfo[] FindDumpedProperties(Type type)
    {
        var hierarchy = new List<Type>();
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType) hierarchy.Insert(0, t);
        return hierarchy
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .OrderBy(p => p.MetadataToken))
            .Where(p => IsDumped(type, p))
            .ToArray();
    }

    private static bool IsDumped(Type owner, PropertyInfo property) =>
        property.GetIndexParameters().Length == 0
        && property.PropertyType != typeof(TextSpan)
        && property.PropertyType != typeof(SourceText)
        && !(owner == typeof(PolicyFile) && property.Name == nameof(PolicyFile.Comments));

    private static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }
        return builder.Append('"').ToString();
    }
}
