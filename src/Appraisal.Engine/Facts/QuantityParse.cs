using System.Globalization;

namespace Appraisal.Engine.Facts;

internal enum QuantityParse { Ok, Invalid, TooLarge, TooPrecise }
