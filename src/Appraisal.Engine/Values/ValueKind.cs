using System.Globalization;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;
using Appraisal.Engine.Evaluation;

namespace Appraisal.Engine.Values;

public enum ValueKind : byte { Missing, Bool, Number, Text, Date, Period, Enum, Record, List }
