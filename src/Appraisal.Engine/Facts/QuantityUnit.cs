using System.Globalization;

namespace Appraisal.Engine.Facts;

/// <summary>How a numeric input is written in a fact document.</summary>
internal enum QuantityUnit { Number, Count, Percent, Money, Points, Duration }
