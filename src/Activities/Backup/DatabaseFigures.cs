namespace CoderBootstrap.Activities.Backup;

/// <summary>One table and its row count, as seen in the dump's snapshot.</summary>
public sealed record TableRowCount(string Schema, string Table, long Rows)
{
    public string QualifiedName => $"{Schema}.{Table}";
}

/// <summary>Coder's migration state: the <c>version</c> and <c>dirty</c> columns of <c>schema_migrations</c>.</summary>
public sealed record SchemaMigration(long Version, bool Dirty);

/// <summary>
/// What a database held when it was dumped (tables with row counts, migration state), recorded
/// in the manifest so that a verification restore can be compared with it.
/// </summary>
public sealed record DatabaseFigures(IReadOnlyList<TableRowCount> Tables, SchemaMigration? Migration)
{
    /// <summary>Differences of <paramref name="restored"/> from these figures, one line each; empty when they match.</summary>
    public IReadOnlyList<string> Compare(DatabaseFigures restored)
    {
        ArgumentNullException.ThrowIfNull(restored);
        var expected = Tables.ToDictionary(t => t.QualifiedName, t => t.Rows, StringComparer.Ordinal);
        var actual = restored.Tables.ToDictionary(t => t.QualifiedName, t => t.Rows, StringComparer.Ordinal);
        var differences = new List<string>();
        foreach (var (table, rows) in expected.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!actual.TryGetValue(table, out var restoredRows))
            {
                differences.Add($"table {table} is missing from the restore");
            }
            else if (restoredRows != rows)
            {
                differences.Add($"table {table} has {restoredRows} rows, the backup recorded {rows}");
            }
        }

        differences.AddRange(actual.Keys.Where(table => !expected.ContainsKey(table)).Order(StringComparer.Ordinal).Select(table => $"table {table} was not in the backup"));
        if (Migration != restored.Migration)
        {
            differences.Add($"schema_migrations is {Describe(restored.Migration)}, the backup recorded {Describe(Migration)}");
        }

        return differences;
    }

    private static string Describe(SchemaMigration? migration) =>
        migration is null ? "absent" : $"version {migration.Version}{(migration.Dirty ? " (dirty)" : "")}";
}
