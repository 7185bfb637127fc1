using System.Data.Common;
using System.Text;

namespace Appraisal.Ledger;

/// <summary>The database cannot be used by this program: its schema is newer than the code, or it is not a ledger.</summary>
public sealed class LedgerSchemaException(string message) : Exception(message);
