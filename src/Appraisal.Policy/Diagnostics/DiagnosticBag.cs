using System.Collections.Immutable;
using System.Globalization;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Diagnostics;

/// <summary>Collects diagnostics; passes report into a bag instead of throwing.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = new();

    public int Count => _items.Count;
    public bool HasErrors => _items.Any(d => d.IsError);

    /// <summary>Reports a diagnostic; an argument given as a <see cref="Bilingual"/> is shown in the reader's language.</summary>
    public void Report(DiagnosticDescriptor descriptor, TextSpan span, params object[] arguments) =>
        ReportFixable(descriptor, span, [], arguments);

    /// <summary>Reports a diagnostic with the plain edits that resolve it (<see cref="Diagnostic.Fixes"/>).</summary>
    public void ReportFixable(DiagnosticDescriptor descriptor, TextSpan span, ImmutableArray<DiagnosticFix> fixes, params object[] arguments) =>
        _items.Add(new Diagnostic(descriptor, span,
            arguments.Select(a => a is Bilingual b ? b.En : Convert.ToString(a, CultureInfo.InvariantCulture) ?? "").ToImmutableArray())
        {
            ChineseArguments = arguments.Any(a => a is Bilingual) ? [.. arguments.Select(a => (a as Bilingual)?.Zh)] : [],
            Fixes = fixes.IsDefault ? [] : fixes,
        });

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);

    public ImmutableArray<Diagnostic> ToImmutable() => Diagnostic.InOrder(_items).ToImmutableArray();
}
