namespace Appraisal.Policy.Diagnostics;

/// <summary>What a diagnostic code means: its severity and message templates in English and Chinese.</summary>
public sealed record DiagnosticDescriptor(
    string Code, Severity Severity, string En, string Zh, string? HintEn = null, string? HintZh = null);
