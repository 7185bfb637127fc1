using System.Globalization;
using System.Text;
using Appraisal.Engine.Values;
using Microsoft.CodeAnalysis.CSharp;

namespace Appraisal.Engine.Compilation;

/// <summary>How a value is held in generated code: as a <see cref="Value"/>, or unboxed as a decimal or a bool.</summary>
internal enum Rep { Value, Decimal, Bool }
