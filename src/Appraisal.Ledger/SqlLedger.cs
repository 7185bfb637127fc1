using System.Data.Common;
using System.Globalization;
using System.Text;
using Appraisal.Engine.Values;
using Appraisal.Engine.Versions;
using Appraisal.Ledger.Registry;

namespace Appraisal.Ledger;

/// <summary>
/// What the two stores share: validation, the append algorithm run by the <see cref="BatchingWriter"/>, the queries
/// and the migration runner. The SQL that differs (schema, time columns, locking) lives in each store's
/// <see cref="LedgerStatements"/>; the queries here are plain SQL both dialects accept.
/// </summary>
public abstract class SqlLedger : ILedger
{
    /// <summary>The columns of a <see cref="LedgerRecord"/>, in the order <see cref="ReadRecord"/> reads them.</summary>
    protected const string RecordColumns =
        "request_id, subject_id, policy_id, period, policy_version, declared_version, facts_json, outputs_json, " +
        "outputs_detail_json, explanation_json, explanation_text, language, request_hash, history_source, recorded_at, " +
        "revision, erased_at, engine_version, version_basis, earlier_json, group_id";

    private const int InsertAttempts = 5;

    /// <summary>
    /// The insert, the same in both dialects: it assigns the next revision of the subject, policy and period, does
    /// nothing on a unique clash, and returns the revision it wrote (no row when it wrote nothing).
    /// </summary>
    private const string InsertRecord = """
        INSERT INTO ledger_records (
            request_id, subject_id, policy_id, period, period_kind, period_ordinal, revision, policy_version,
            declared_version, facts_json, outputs_json, outputs_detail_json, explanation_json, explanation_text,
            language, request_hash, history_source, recorded_at, engine_version, version_basis, earlier_json, group_id)
        VALUES (
            @request_id, @subject_id, @policy_id, @period, @period_kind, @period_ordinal,
            (SELECT COALESCE(MAX(revision), 0) + 1 FROM ledger_records
             WHERE policy_id = @policy_id AND subject_id = @subject_id AND period = @period),
            @policy_version, @declared_version, @facts_json, @outputs_json, @outputs_detail_json, @explanation_json,
            @explanation_text, @language, @request_hash, @history_source, @recorded_at, @engine_version, @version_basis, @earlier_json,
            @group_id)
        ON CONFLICT DO NOTHING
        RETURNING revision
        """;

    private readonly BatchingWriter _writer;

    protected SqlLedger(string description)
    {
        Description = description;
        _writer = new BatchingWriter(WriteBatchAsync, description, this is PostgresLedger ? "postgres" : "sqlite");
    }

    public string Description { get; }

    protected abstract LedgerStatements Sql { get; }

    /// <summary>An open connection, ready for queries (reads run on their own connections, beside the writer).</summary>
    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Begins a write transaction that holds the store's write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock).</summary>
    protected abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, WritePurpose purpose, CancellationToken cancellationToken);

    /// <summary>Sets a parameter to a time (or NULL) the way the store keeps times.</summary>
    protected abstract void SetTime(DbParameter parameter, DateTimeOffset? value);

    protected void AddTime(DbCommand command, string name, DateTimeOffset? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        SetTime(parameter, value);
        command.Parameters.Add(parameter);
    }

    protected abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    protected enum WritePurpose { Append, Retention, Migration }

    // ---- opening -------------------------------------------------------------------------------------------------

    /// <summary>Brings the schema up to date (the versions in <see cref="LedgerStatements.Migrations"/>), in one locked transaction.</summary>
    protected async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await InWriteTransactionAsync(WritePurpose.Migration, async (connection, transaction) =>
        {
            await ExecuteAsync(connection, transaction, Sql.CreateSchemaVersionTable, cancellationToken);
            var current = await CurrentSchemaVersionAsync(connection, transaction, cancellationToken);
            RefuseNewer(current);
            for (var version = (int)current + 1; version <= Sql.Migrations.Count; version++)
            {
                await ExecuteAsync(connection, transaction, Sql.Migrations[version - 1], cancellationToken);
                using var record = Command(connection, transaction, "INSERT INTO ledger_schema_version (version) VALUES (@version)");
                AddParameter(record, "version", version);
                await record.ExecuteNonQueryAsync(cancellationToken);
            }
            return 0;
        }, cancellationToken);
    }

    /// <summary>
    /// Checks at open that the ledger can do its job, so a service never starts only to fail every recording: a
    /// write succeeds (a row inserted into <c>ledger_schema_version</c> and rolled back: nothing stays), and the
    /// store's own integrity check (<see cref="LedgerStatements.IntegrityCheck"/>) finds no damage.
    /// </summary>
    /// <exception cref="LedgerUnusableException">Why the ledger cannot be used.</exception>
    protected async Task RequireUsableAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await BeginWriteAsync(connection, WritePurpose.Append, cancellationToken);
            using var probe = Command(connection, transaction, "INSERT INTO ledger_schema_version (version) VALUES (@version)");
            AddParameter(probe, "version", -1);
            await probe.ExecuteNonQueryAsync(cancellationToken);
            await transaction.RollbackAsync(cancellationToken);
        }
        catch (DbException e)
        {
            throw new LedgerUnusableException($"{Description} cannot be written ({e.Message}); check the file system, permissions and free space", e);
        }
        if (Sql.IntegrityCheck is not { } check) return;
        using var command = Command(connection, null, check);
        var problems = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken)) problems.Add(reader.GetString(0));
        }
        if (problems is ["ok"]) return;
        throw new LedgerUnusableException(
            $"{Description} is damaged ({problems.Count} problem(s) found by its integrity check; first: {problems.FirstOrDefault() ?? "no answer"}); restore it from a backup");
    }

    /// <summary>Checks, without writing, that the database is a ledger with exactly the schema this code knows.</summary>
    protected async Task RequireCurrentSchemaAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        using (var exists = Command(connection, null, Sql.SchemaVersionTableExists))
        {
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken)) == 0)
                throw new LedgerSchemaException($"{Description} is not a ledger (it has no ledger_schema_version table).");
        }
        var current = await CurrentSchemaVersionAsync(connection, null, cancellationToken);
        RefuseNewer(current);
        if (current < Sql.Migrations.Count)
            throw new LedgerSchemaException(
                $"{Description} has ledger schema version {current}; this program needs version {Sql.Migrations.Count}. Open it once with the service to upgrade it.");
    }

    private void RefuseNewer(long current)
    {
        if (current > Sql.Migrations.Count)
            throw new LedgerSchemaException(
                $"{Description} has ledger schema version {current}, newer than this program knows (up to {Sql.Migrations.Count}). " +
                "Use a newer program; nothing was written.");
    }

    private static async Task<long> CurrentSchemaVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        using var command = Command(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM ledger_schema_version");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
    }

    // ---- appending -----------------------------------------------------------------------------------------------

    public Task<AppendResult> AppendAsync(LedgerRecord record, CancellationToken cancellationToken = default)
    {
        var normalized = LedgerValidation.Normalize(record);
        return _writer.EnqueueAsync(normalized, cancellationToken);
    }

    public async Task<IReadOnlyList<AppendResult>> AppendGroupAsync(IReadOnlyList<LedgerRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var normalized = records.Select(LedgerValidation.Normalize).ToList();
        if (normalized.Select(r => r.RequestId).Distinct(StringComparer.Ordinal).Count() != normalized.Count)
            throw new ArgumentException("The request ids of a group must be distinct.", nameof(records));
        if (normalized.Count == 0) return [];
        cancellationToken.ThrowIfCancellationRequested();
        // Not through the group-commit writer: these records commit or roll back together, alone in their transaction.
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, WritePurpose.Append, cancellationToken);
        var results = await AppendInTransactionAsync(connection, transaction, normalized);
        if (results.Any(r => r.Status == AppendStatus.Conflict))
        {
            await transaction.RollbackAsync(CancellationToken.None);
            return results;
        }
        await transaction.CommitAsync(CancellationToken.None);
        return results;
    }

    private Task<IReadOnlyList<AppendResult>> WriteBatchAsync(IReadOnlyList<LedgerRecord> records) =>
        InWriteTransactionAsync(WritePurpose.Append, (connection, transaction) => AppendInTransactionAsync(connection, transaction, records),
            CancellationToken.None);

    /// <summary>Appends normalized records inside a write transaction, in order: one result per record.</summary>
    private async Task<IReadOnlyList<AppendResult>> AppendInTransactionAsync(DbConnection connection, DbTransaction transaction,
        IReadOnlyList<LedgerRecord> records)
    {
        if (records.Count > 1 && connection.CanCreateBatch) return await AppendManyAsync(connection, transaction, records);
        var results = new AppendResult[records.Count];
        for (var i = 0; i < records.Count; i++)
            results[i] = await AppendOneAsync(connection, transaction, records[i]);
        return results;
    }

    /// <summary>
    /// A batch in two round trips, for a store that runs many statements in one (PostgreSQL): one query finds the
    /// request ids recorded already, then one <see cref="DbBatch"/> inserts the rest, each insert assigning its revision
    /// as <see cref="AppendOneAsync"/> does. A request id used twice in the batch, or an insert that did nothing (a clash
    /// the write lock should have prevented), is then decided one by one from what this transaction sees.
    /// </summary>
    private async Task<IReadOnlyList<AppendResult>> AppendManyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<LedgerRecord> records)
    {
        var recorded = await FindManyAsync(connection, transaction, records.Select(r => r.RequestId).Distinct(StringComparer.Ordinal).ToList());
        var results = new AppendResult?[records.Count];
        var firstUse = new HashSet<string>(StringComparer.Ordinal);
        var inserts = new List<int>();
        for (var i = 0; i < records.Count; i++)
        {
            if (recorded.TryGetValue(records[i].RequestId, out var earlier))
                results[i] = new AppendResult(earlier.RequestHash == records[i].RequestHash ? AppendStatus.Replayed : AppendStatus.Conflict, earlier);
            else if (firstUse.Add(records[i].RequestId))
                inserts.Add(i);
        }
        if (inserts.Count > 0)
        {
            using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            foreach (var i in inserts)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = InsertRecord;
                AddInsertParameters(command.CreateParameter, command.Parameters, records[i]);
                batch.BatchCommands.Add(command);
            }
            await using var reader = await batch.ExecuteReaderAsync(CancellationToken.None);
            for (var k = 0; k < inserts.Count; k++)
            {
                if (k > 0 && !await reader.NextResultAsync(CancellationToken.None))
                    throw new InvalidOperationException($"{Description}: the batch returned {k} results for {inserts.Count} inserts.");
                if (await reader.ReadAsync(CancellationToken.None))
                    results[inserts[k]] = new AppendResult(AppendStatus.Recorded, records[inserts[k]] with { Revision = Convert.ToInt32(reader.GetValue(0)) });
            }
        }
        for (var i = 0; i < records.Count; i++) results[i] ??= await AppendOneAsync(connection, transaction, records[i]);
        return results!;
    }

    private async Task<Dictionary<string, LedgerRecord>> FindManyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> requestIds)
    {
        using var command = Command(connection, transaction, "");
        var names = new List<string>(requestIds.Count);
        for (var i = 0; i < requestIds.Count; i++)
        {
            names.Add("@id" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            AddParameter(command, names[i][1..], requestIds[i]);
        }
        command.CommandText = $"SELECT {RecordColumns} FROM ledger_records WHERE request_id IN ({string.Join(", ", names)})";
        var found = await ReadAllAsync(command, CancellationToken.None);
        return found.ToDictionary(r => r.RequestId, StringComparer.Ordinal);
    }

    /// <summary>The parameters of <see cref="InsertRecord"/> for one record.</summary>
    private void AddInsertParameters(Func<DbParameter> create, DbParameterCollection parameters, LedgerRecord record)
    {
        void Add(string name, object? value)
        {
            var parameter = create();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            parameters.Add(parameter);
        }
        var period = LedgerValidation.Period(record);
        Add("request_id", record.RequestId);
        Add("subject_id", record.SubjectId);
        Add("policy_id", record.PolicyId);
        Add("period", record.Period);
        Add("period_kind", LedgerValidation.KindName(period.Kind));
        Add("period_ordinal", period.Ordinal);
        Add("policy_version", record.PolicyVersion);
        Add("declared_version", record.DeclaredVersion);
        Add("facts_json", record.FactsJson);
        Add("outputs_json", record.OutputsJson);
        Add("outputs_detail_json", record.OutputsDetailJson);
        Add("explanation_json", record.ExplanationJson);
        Add("explanation_text", record.ExplanationText);
        Add("language", record.Language);
        Add("request_hash", record.RequestHash);
        Add("history_source", record.HistorySource);
        Add("engine_version", record.EngineVersion);
        Add("version_basis", record.VersionBasis);
        Add("earlier_json", record.EarlierJson);
        Add("group_id", record.GroupId);
        var recordedAt = create();
        recordedAt.ParameterName = "recorded_at";
        SetTime(recordedAt, record.RecordedAt);
        parameters.Add(recordedAt);
    }

    /// <summary>
    /// One append inside the batch's transaction: an existing request id is a replay or a conflict; otherwise the
    /// record is inserted with the next revision. The insert does nothing on a unique clash (a concurrent writer got
    /// there first), and is then decided again from what is committed.
    /// </summary>
    private async Task<AppendResult> AppendOneAsync(DbConnection connection, DbTransaction transaction, LedgerRecord record)
    {
        for (var attempt = 1; attempt <= InsertAttempts; attempt++)
        {
            if (await FindAsync(connection, transaction, record.RequestId, CancellationToken.None) is { } earlier)
            {
                var status = earlier.RequestHash == record.RequestHash ? AppendStatus.Replayed : AppendStatus.Conflict;
                return new AppendResult(status, earlier);
            }

            using var insert = Command(connection, transaction, InsertRecord);
            AddInsertParameters(insert.CreateParameter, insert.Parameters, record);
            var revision = await insert.ExecuteScalarAsync(CancellationToken.None);
            if (revision is not null and not DBNull)
                return new AppendResult(AppendStatus.Recorded, record with { Revision = Convert.ToInt32(revision) });
        }
        throw new InvalidOperationException(
            $"{Description}: request '{record.RequestId}' clashed with concurrent writers {InsertAttempts} times in a row; nothing was written for it.");
    }

    // ---- queries -------------------------------------------------------------------------------------------------

    public async Task<LedgerRecord?> FindAsync(string requestId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await FindAsync(connection, null, requestId, cancellationToken);
    }

    private async Task<LedgerRecord?> FindAsync(DbConnection connection, DbTransaction? transaction, string requestId, CancellationToken cancellationToken)
    {
        using var command = Command(connection, transaction, $"SELECT {RecordColumns} FROM ledger_records WHERE request_id = @request_id");
        AddParameter(command, "request_id", requestId);
        var found = await ReadAllAsync(command, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<IReadOnlyList<LedgerRecord>> HistoryAsync(HistoryQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (string.IsNullOrEmpty(query.SubjectId)) throw new ArgumentException("SubjectId is required.", nameof(query));
        RequirePositive(query.Limit);
        var from = ParseBound(query.FromPeriod, nameof(HistoryQuery.FromPeriod));
        var to = ParseBound(query.ToPeriod, nameof(HistoryQuery.ToPeriod));
        if (from is { } f && to is { } t && f.Kind != t.Kind)
            throw new ArgumentException($"FromPeriod ({f}) and ToPeriod ({t}) are periods of different kinds.", nameof(query));

        await using var connection = await OpenConnectionAsync(cancellationToken);
        using var command = connection.CreateCommand();
        var sql = new StringBuilder($"SELECT {RecordColumns} FROM ledger_records r WHERE r.subject_id = @subject_id");
        AddParameter(command, "subject_id", query.SubjectId);
        if (query.PolicyId is not null)
        {
            sql.Append(" AND r.policy_id = @policy_id");
            AddParameter(command, "policy_id", query.PolicyId);
        }
        if ((from ?? to) is { } bound)
        {
            sql.Append(" AND r.period_kind = @period_kind");
            AddParameter(command, "period_kind", LedgerValidation.KindName(bound.Kind));
        }
        if (from is not null)
        {
            sql.Append(" AND r.period_ordinal >= @from_ordinal");
            AddParameter(command, "from_ordinal", from.Value.Ordinal);
        }
        if (to is not null)
        {
            sql.Append(" AND r.period_ordinal <= @to_ordinal");
            AddParameter(command, "to_ordinal", to.Value.Ordinal);
        }
        if (!query.AllRevisions)
        {
            sql.Append(" AND r.revision = (SELECT MAX(l.revision) FROM ledger_records l" +
                       " WHERE l.policy_id = r.policy_id AND l.subject_id = r.subject_id AND l.period = r.period)");
        }
        sql.Append(" ORDER BY r.policy_id, r.period_kind, r.period_ordinal, r.revision LIMIT @limit");
        AddParameter(command, "limit", query.Limit);
        command.CommandText = sql.ToString();
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<LedgerRecord>> AuditAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        RequirePositive(query.Limit);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        using var command = connection.CreateCommand();
        var sql = new StringBuilder($"SELECT {RecordColumns} FROM ledger_records WHERE 1 = 1");
        void Equal(string column, string? value)
        {
            if (value is null) return;
            sql.Append($" AND {column} = @{column}");
            AddParameter(command, column, value);
        }
        Equal("request_id", query.RequestId);
        Equal("subject_id", query.SubjectId);
        Equal("policy_id", query.PolicyId);
        Equal("policy_version", query.PolicyVersion);
        Equal("period", query.Period);
        Equal("group_id", query.GroupId);
        if (query.Since is { } since)
        {
            sql.Append(" AND recorded_at >= @since");
            AddTime(command, "since", LedgerValidation.Microseconds(since));
        }
        if (query.Until is { } until)
        {
            sql.Append(" AND recorded_at <= @until");
            AddTime(command, "until", LedgerValidation.Microseconds(until));
        }
        sql.Append(" ORDER BY recorded_at, id LIMIT @limit");
        AddParameter(command, "limit", query.Limit);
        command.CommandText = sql.ToString();
        return await ReadAllAsync(command, cancellationToken);
    }

    private static PeriodValue? ParseBound(string? text, string field)
    {
        if (text is null) return null;
        if (!PeriodValue.TryParse(text, out var period))
            throw new ArgumentException($"{field} '{text}' is not a period (e.g. 2026-Q2, 2026-H1, 2026-03, 2026).", field);
        return period;
    }

    private static void RequirePositive(int limit)
    {
        if (limit < 1) throw new ArgumentOutOfRangeException("Limit", limit, "Limit must be at least 1.");
    }

    // ---- retention -----------------------------------------------------------------------------------------------

    public Task<RetentionResult> ApplyRetentionAsync(RetentionPolicy policy, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var at = LedgerValidation.Microseconds(now);
        return InWriteTransactionAsync(WritePurpose.Retention, async (connection, transaction) =>
        {
            var deleted = 0;
            var erased = 0;
            // Deleted first, so a record that goes is not also counted as erased.
            if (policy.RecordsFor is { } recordsFor)
            {
                using var delete = Command(connection, transaction, "DELETE FROM ledger_records WHERE recorded_at < @cutoff");
                AddTime(delete, "cutoff", at - recordsFor);
                deleted = await delete.ExecuteNonQueryAsync(cancellationToken);
            }
            if (policy.FactsFor is { } factsFor)
            {
                using var erase = Command(connection, transaction,
                    "UPDATE ledger_records SET facts_json = NULL, explanation_json = NULL, explanation_text = NULL, erased_at = @now " +
                    "WHERE recorded_at < @cutoff AND erased_at IS NULL");
                AddTime(erase, "now", at);
                AddTime(erase, "cutoff", at - factsFor);
                erased = await erase.ExecuteNonQueryAsync(cancellationToken);
            }
            return new RetentionResult(erased, deleted);
        }, cancellationToken);
    }

    // ---- the policy registry -------------------------------------------------------------------------------------

    private const string VersionColumns = "policy_id, version, declared_version, source_path, source_json, first_seen_at";
    private const string PublicationColumns = "id, policy_id, version, effective_from, published_by, published_at, message";

    public Task<StoredVersion> KeepVersionAsync(StoredVersion version, CancellationToken cancellationToken = default)
    {
        var normalized = NormalizeVersion(version);
        return InWriteTransactionAsync(WritePurpose.Append,
            (connection, transaction) => KeepVersionAsync(connection, transaction, normalized, cancellationToken), cancellationToken);
    }

    private async Task<StoredVersion> KeepVersionAsync(DbConnection connection, DbTransaction transaction, StoredVersion version,
        CancellationToken cancellationToken)
    {
        if (await FindVersionAsync(connection, transaction, version.PolicyId, version.Version, cancellationToken) is { } kept) return kept;
        using var insert = Command(connection, transaction,
            $"INSERT INTO policy_versions ({VersionColumns}) VALUES (@policy_id, @version, @declared_version, @source_path, @source_json, @first_seen_at)");
        AddParameter(insert, "policy_id", version.PolicyId);
        AddParameter(insert, "version", version.Version);
        AddParameter(insert, "declared_version", version.DeclaredVersion);
        AddParameter(insert, "source_path", version.SourcePath);
        AddParameter(insert, "source_json", version.Source.ToJson());
        AddTime(insert, "first_seen_at", version.FirstSeenAt);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return version;
    }

    /// <summary>Checks a version before it is kept: ids present, and the hash that of its files (so a kept version can be trusted on replay).</summary>
    private static StoredVersion NormalizeVersion(StoredVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (string.IsNullOrWhiteSpace(version.PolicyId)) throw new ArgumentException("PolicyId is required.", nameof(version));
        if (string.IsNullOrWhiteSpace(version.Version)) throw new ArgumentException("Version is required.", nameof(version));
        ArgumentNullException.ThrowIfNull(version.Source);
        var hash = version.Source.Hash;
        if (hash != version.Version)
            throw new ArgumentException($"Version {version.Version} of {version.PolicyId} is not the hash of its files ({hash}).", nameof(version));
        return version with
        {
            DeclaredVersion = version.DeclaredVersion ?? "", SourcePath = version.SourcePath ?? "",
            FirstSeenAt = LedgerValidation.Microseconds(version.FirstSeenAt),
        };
    }

    public async Task<StoredVersion?> FindVersionAsync(string policyId, string version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policyId);
        ArgumentNullException.ThrowIfNull(version);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await FindVersionAsync(connection, null, policyId, version, cancellationToken);
    }

    private async Task<StoredVersion?> FindVersionAsync(DbConnection connection, DbTransaction? transaction, string policyId, string version,
        CancellationToken cancellationToken)
    {
        using var command = Command(connection, transaction, $"SELECT {VersionColumns} FROM policy_versions WHERE policy_id = @policy_id AND version = @version");
        AddParameter(command, "policy_id", policyId);
        AddParameter(command, "version", version);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        PolicySource source;
        try
        {
            source = PolicySource.FromJson(reader.GetString(4));
        }
        catch (FormatException e)
        {
            throw new LedgerSchemaException($"{Description}: kept version {version} of {policyId} cannot be read ({e.Message}); restore the ledger from a backup");
        }
        return new StoredVersion(reader.GetString(0), reader.GetString(1), source, reader.GetString(2), reader.GetString(3), ReadTime(reader, 5));
    }

    public Task<Publication> PublishAsync(PublicationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.PublishedBy)) throw new ArgumentException("PublishedBy is required.", nameof(request));
        var version = NormalizeVersion(request.Version);
        var at = LedgerValidation.Microseconds(request.PublishedAt);
        var message = request.Message ?? "";
        return InWriteTransactionAsync(WritePurpose.Append, async (connection, transaction) =>
        {
            await KeepVersionAsync(connection, transaction, version, cancellationToken);
            using var insert = Command(connection, transaction,
                "INSERT INTO policy_publications (policy_id, version, effective_from, published_by, published_at, message) " +
                "VALUES (@policy_id, @version, @effective_from, @published_by, @published_at, @message) RETURNING id");
            AddParameter(insert, "policy_id", version.PolicyId);
            AddParameter(insert, "version", version.Version);
            AddParameter(insert, "effective_from", request.EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            AddParameter(insert, "published_by", request.PublishedBy);
            AddTime(insert, "published_at", at);
            AddParameter(insert, "message", message);
            var id = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            await AnnouncePublicationAsync(connection, transaction, id, cancellationToken);
            return new Publication(id, version.PolicyId, version.Version, request.EffectiveFrom, request.PublishedBy, at, message);
        }, cancellationToken);
    }

    /// <summary>Tells other instances of a publication inside its transaction (PostgreSQL: <c>NOTIFY</c>, delivered at commit); by default nothing (they poll).</summary>
    protected virtual Task AnnouncePublicationAsync(DbConnection connection, DbTransaction transaction, long id, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public async Task<IReadOnlyList<Publication>> PublicationsAsync(string? policyId = null, long afterId = 0, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        using var command = Command(connection, null,
            $"SELECT {PublicationColumns} FROM policy_publications WHERE id > @after" + (policyId is null ? "" : " AND policy_id = @policy_id") + " ORDER BY id");
        AddParameter(command, "after", afterId);
        if (policyId is not null) AddParameter(command, "policy_id", policyId);
        var found = new List<Publication>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new Publication(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), reader.GetString(1), reader.GetString(2),
                DateOnly.ParseExact(reader.GetString(3), "yyyy-MM-dd", CultureInfo.InvariantCulture), reader.GetString(4), ReadTime(reader, 5),
                reader.GetString(6)));
        }
        return found;
    }

    /// <summary>How often an instance looks for publications on a store that cannot notify (SQLite).</summary>
    public static readonly TimeSpan PublicationPollInterval = TimeSpan.FromSeconds(1);

    public virtual Task WaitForPublicationsAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Task.Delay(timeout < PublicationPollInterval ? timeout : PublicationPollInterval, cancellationToken);

    // ---- plumbing ------------------------------------------------------------------------------------------------

    private async Task<T> InWriteTransactionAsync<T>(WritePurpose purpose, Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, purpose, cancellationToken);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    protected static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    protected static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected static void AddParameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    private async Task<List<LedgerRecord>> ReadAllAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var records = new List<LedgerRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) records.Add(ReadRecord(reader));
        return records;
    }

    private LedgerRecord ReadRecord(DbDataReader reader)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        return new LedgerRecord
        {
            RequestId = reader.GetString(0),
            SubjectId = reader.GetString(1),
            PolicyId = reader.GetString(2),
            Period = reader.GetString(3),
            PolicyVersion = reader.GetString(4),
            DeclaredVersion = reader.GetString(5),
            FactsJson = Text(6),
            OutputsJson = reader.GetString(7),
            OutputsDetailJson = reader.GetString(8),
            ExplanationJson = Text(9),
            ExplanationText = Text(10),
            Language = reader.GetString(11),
            RequestHash = reader.GetString(12),
            HistorySource = reader.GetString(13),
            RecordedAt = ReadTime(reader, 14),
            Revision = Convert.ToInt32(reader.GetValue(15)),
            ErasedAt = reader.IsDBNull(16) ? null : ReadTime(reader, 16),
            EngineVersion = reader.GetString(17),
            VersionBasis = reader.GetString(18),
            EarlierJson = Text(19),
            GroupId = Text(20),
        };
    }

    /// <summary>Writes what is queued and stops the writer.</summary>
    public virtual async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
