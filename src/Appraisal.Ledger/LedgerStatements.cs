using System.Data.Common;
using System.Text;

namespace Appraisal.Ledger;

/// <summary>The SQL that differs between stores, in one place per store: the schema (one entry per version, applied in order).</summary>
/// <param name="IntegrityCheck">A query run at open whose rows are the single value <c>ok</c> when the store is sound
/// (SQLite's <c>PRAGMA quick_check</c>); null: none.</param>
public sealed record LedgerStatements(
    string CreateSchemaVersionTable,
    string SchemaVersionTableExists,
    IReadOnlyList<string> Migrations,
    string? IntegrityCheck = null);
