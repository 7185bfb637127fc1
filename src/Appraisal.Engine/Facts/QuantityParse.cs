using System.Globalization;
using Appraisal.Policy.Semantics;

namespace Appraisal.Engine.Facts;

internal enum QuantityParse { Ok, Invalid, TooLarge, TooPrecise }
