using System.Collections.Immutable;
using System.Globalization;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Diagnostics;

public enum Language { En, Zh }
