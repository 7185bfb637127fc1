using System.Collections.Immutable;
using Antlr4.Runtime;
using Antlr4.Runtime.Atn;
using Antlr4.Runtime.Misc;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Syntax.Generated;

namespace Appraisal.Policy.Syntax;

public sealed record ParseResult(PolicyFile File, ImmutableArray<Diagnostic> Diagnostics);
