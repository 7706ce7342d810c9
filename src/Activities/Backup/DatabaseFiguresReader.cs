using Npgsql;

namespace CoderBootstrap.Activities.Backup;

/// <summary>Reads <see cref="DatabaseFigures"/> on an open connection (within whatever transaction it has).</summary>
internal static class DatabaseFiguresReader
{
    public static async Task<DatabaseFigures> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        var tables = new List<(string Schema, string Table)>();
        // Ordinary tables and partitions ('r'); partitioned parents ('p') would count their rows twice.
        await using (var list = new NpgsqlCommand(
            """
            SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'
            ORDER BY 1, 2
            """, connection, transaction))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                tables.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var counts = new List<TableRowCount>(tables.Count);
        foreach (var (schema, table) in tables)
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM {Quote(schema)}.{Quote(table)}", connection, transaction);
            counts.Add(new TableRowCount(schema, table, (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!));
        }

        return new DatabaseFigures(counts, await ReadMigrationAsync(connection, transaction, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<SchemaMigration?> ReadMigrationAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("SELECT to_regclass('public.schema_migrations') IS NOT NULL", connection, transaction);
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
        {
            return null;
        }

        await using var read = new NpgsqlCommand("SELECT version, dirty FROM public.schema_migrations LIMIT 1", connection, transaction);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new SchemaMigration(reader.GetInt64(0), reader.GetBoolean(1))
            : null;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
