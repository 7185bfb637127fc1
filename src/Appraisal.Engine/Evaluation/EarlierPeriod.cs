using System.Runtime.CompilerServices;
using Appraisal.Engine.Values;

namespace Appraisal.Engine.Evaluation;

/// <summary>The outputs of one earlier period, supplied with the request (or read from the ledger).</summary>
/// <param name="Outputs">Values by output index of the plan; <see cref="Value.Missing"/> where not supplied.</param>
public sealed record EarlierPeriod(PeriodValue Period, Value[] Outputs);
