using System.Collections.Immutable;
using System.Globalization;

namespace Appraisal.Policy.Diagnostics;

public enum Severity { Error, Warning }
