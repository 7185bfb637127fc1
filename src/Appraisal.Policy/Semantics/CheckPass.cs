using System.Collections.Immutable;
using System.Diagnostics;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Syntax;

namespace Appraisal.Policy.Semantics;

/// <summary>One pass of the checker: reports into the bag and only reads what earlier passes produced.</summary>
public sealed record CheckPass(string Name, Action<SemanticModel, DiagnosticBag> Run);
