using CoderBootstrap.DevServer.Engine;

namespace CoderBootstrap.DevServer.Persistence;

/// <summary>Where the engine keeps its state: nowhere (in memory only) or a SQLite file.</summary>
public interface IServerStore : IDisposable
{
    /// <summary>Writes, in one transaction, the new history events and the state of each execution, plus the changed schedules.</summary>
    void Commit(IReadOnlyCollection<ExecutionState> executions, IReadOnlyCollection<ScheduleEntry> schedules, IReadOnlyCollection<(string Namespace, string ScheduleId)> deletedSchedules);

    void SaveNamespace(NamespaceRecord record);

    StoredServerState Load();
}

public sealed record NamespaceRecord(string Name, string Id, TimeSpan Retention, string Description)
{
    /// <summary>Custom search attributes registered in the namespace (a record stored before they existed gets the dev server's defaults).</summary>
    public IReadOnlyDictionary<string, Temporalio.Api.Enums.V1.IndexedValueType> CustomSearchAttributes { get; init; } =
        new Dictionary<string, Temporalio.Api.Enums.V1.IndexedValueType>(SearchAttributeRegistry.DevServerDefaults, StringComparer.Ordinal);
}

public sealed record StoredServerState(
    IReadOnlyList<NamespaceRecord> Namespaces,
    IReadOnlyList<ExecutionState> Executions,
    IReadOnlyList<ScheduleEntry> Schedules);

public sealed class InMemoryServerStore : IServerStore
{
    public void Commit(IReadOnlyCollection<ExecutionState> executions, IReadOnlyCollection<ScheduleEntry> schedules, IReadOnlyCollection<(string Namespace, string ScheduleId)> deletedSchedules)
    {
        foreach (var execution in executions)
        {
            execution.PersistedEventCount = execution.History.Count;
        }
    }

    public void SaveNamespace(NamespaceRecord record)
    {
    }

    public StoredServerState Load() => new([], [], []);

    public void Dispose()
    {
    }
}
