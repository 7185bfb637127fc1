using Appraisal.Engine.Values;

namespace Appraisal.Engine.Compilation;

/// <summary>How a value is held in generated code: as a <see cref="Value"/>, or unboxed as a decimal or a bool.</summary>
internal enum Rep { Value, Decimal, Bool }
