using System.Data.Common;
using System.Text;

namespace Appraisal.Ledger;

/// <summary>The ledger opened but cannot do its job: it cannot be written, or its store reports damage.</summary>
public sealed class LedgerUnusableException(string message, Exception? inner = null) : Exception(message, inner);
