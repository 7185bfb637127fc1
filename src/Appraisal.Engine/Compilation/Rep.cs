using System.Globalization;
using System.Text;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace Appraisal.Engine.Compilation;

/// <summary>How a value is held in generated code: as a <see cref="Value"/>, or unboxed as a decimal or a bool.</summary>
internal enum Rep { Value, Decimal, Bool }
