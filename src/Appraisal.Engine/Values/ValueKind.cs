using System.Globalization;

namespace Appraisal.Engine.Values;

public enum ValueKind : byte { Missing, Bool, Number, Text, Date, Period, Enum, Record, List }
