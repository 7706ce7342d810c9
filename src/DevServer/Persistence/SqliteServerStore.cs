using System.Text.Json;
using CoderBootstrap.DevServer.Engine;
using Google.Protobuf;
using Microsoft.Data.Sqlite;
using Temporalio.Api.History.V1;

namespace CoderBootstrap.DevServer.Persistence;

/// <summary>
/// Keeps the server's state in one SQLite file (WAL): histories as rows, the rest of each run's
/// state and each schedule as a document. Every engine operation is one transaction, so a killed
/// process restarts from the last completed operation.
/// </summary>
public sealed class SqliteServerStore : IServerStore
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new ProtobufJsonConverterFactory() } };
    private readonly SqliteConnection _connection;

    public SqliteServerStore(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA synchronous=NORMAL;");
        Execute("""
            CREATE TABLE IF NOT EXISTS namespaces (name TEXT PRIMARY KEY, document TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS executions (namespace TEXT NOT NULL, run_id TEXT NOT NULL, workflow_id TEXT NOT NULL,
                document TEXT NOT NULL, PRIMARY KEY (namespace, run_id));
            CREATE TABLE IF NOT EXISTS history_events (namespace TEXT NOT NULL, run_id TEXT NOT NULL, event_id INTEGER NOT NULL,
                data BLOB NOT NULL, PRIMARY KEY (namespace, run_id, event_id));
            CREATE TABLE IF NOT EXISTS schedules (namespace TEXT NOT NULL, schedule_id TEXT NOT NULL, document TEXT NOT NULL,
                PRIMARY KEY (namespace, schedule_id));
            """);
    }

    public void Commit(IReadOnlyCollection<ExecutionState> executions, IReadOnlyCollection<ScheduleEntry> schedules, IReadOnlyCollection<(string Namespace, string ScheduleId)> deletedSchedules)
    {
        using var transaction = _connection.BeginTransaction();
        using var insertEvent = Command(transaction, "INSERT OR REPLACE INTO history_events (namespace, run_id, event_id, data) VALUES ($p0, $p1, $p2, $p3)");
        using var upsertExecution = Command(transaction, "INSERT OR REPLACE INTO executions (namespace, run_id, workflow_id, document) VALUES ($p0, $p1, $p2, $p3)");
        using var upsertSchedule = Command(transaction, "INSERT OR REPLACE INTO schedules (namespace, schedule_id, document) VALUES ($p0, $p1, $p2)");
        using var deleteSchedule = Command(transaction, "DELETE FROM schedules WHERE namespace = $p0 AND schedule_id = $p1");
        foreach (var execution in executions)
        {
            for (var i = execution.PersistedEventCount; i < execution.History.Count; i++)
            {
                var e = execution.History[i];
                Run(insertEvent, execution.Namespace, execution.RunId, e.EventId, e.ToByteArray());
            }
            Run(upsertExecution, execution.Namespace, execution.RunId, execution.WorkflowId,
                JsonSerializer.Serialize(execution, Json));
        }
        foreach (var schedule in schedules)
        {
            Run(upsertSchedule, schedule.Namespace, schedule.ScheduleId, JsonSerializer.Serialize(schedule, Json));
        }
        foreach (var (ns, id) in deletedSchedules)
        {
            Run(deleteSchedule, ns, id);
        }
        transaction.Commit();
        foreach (var execution in executions)
        {
            execution.PersistedEventCount = execution.History.Count;
        }
    }

    public void SaveNamespace(NamespaceRecord record)
    {
        using var command = Command(null, "INSERT OR REPLACE INTO namespaces (name, document) VALUES ($p0, $p1)");
        Run(command, record.Name, JsonSerializer.Serialize(record, Json));
    }

    public StoredServerState Load()
    {
        var namespaces = new List<NamespaceRecord>();
        using (var command = Command(null, "SELECT document FROM namespaces"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                namespaces.Add(JsonSerializer.Deserialize<NamespaceRecord>(reader.GetString(0), Json)!);
            }
        }
        var executions = new Dictionary<(string, string), ExecutionState>();
        using (var command = Command(null, "SELECT document FROM executions"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var execution = JsonSerializer.Deserialize<ExecutionState>(reader.GetString(0), Json)!;
                executions[(execution.Namespace, execution.RunId)] = execution;
            }
        }
        using (var command = Command(null, "SELECT namespace, run_id, data FROM history_events ORDER BY namespace, run_id, event_id"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                if (executions.TryGetValue((reader.GetString(0), reader.GetString(1)), out var execution))
                {
                    execution.History.Add(HistoryEvent.Parser.ParseFrom((byte[])reader[2]));
                }
            }
        }
        foreach (var execution in executions.Values)
        {
            execution.PersistedEventCount = execution.History.Count;
        }
        var schedules = new List<ScheduleEntry>();
        using (var command = Command(null, "SELECT document FROM schedules"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                schedules.Add(JsonSerializer.Deserialize<ScheduleEntry>(reader.GetString(0), Json)!);
            }
        }
        return new StoredServerState(namespaces, executions.Values.Where(e => e.History.Count > 0).ToList(), schedules);
    }

    private SqliteCommand Command(SqliteTransaction? transaction, string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Run(SqliteCommand command, params object[] values)
    {
        command.Parameters.Clear();
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue($"$p{i}", values[i]);
        }
        command.ExecuteNonQuery();
    }

    private void Execute(string sql)
    {
        using var command = Command(null, sql);
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
