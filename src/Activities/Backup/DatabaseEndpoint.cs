using Npgsql;

namespace CoderBootstrap.Activities.Backup;

/// <summary>
/// Where a PostgreSQL database is reached. It holds no password: the password travels separately,
/// fetched by the activity that needs it, so this record can be logged and stored.
/// </summary>
public sealed record DatabaseEndpoint(string Host, int Port, string Username, string Database, string SslMode = "prefer")
{
    /// <summary>The same server and user, another database (for a scratch restore or administration).</summary>
    public DatabaseEndpoint WithDatabase(string database) => this with { Database = database };

    public string ConnectionString(string password) => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Username = Username,
        Password = password,
        Database = Database,
        SslMode = Enum.Parse<SslMode>(SslMode, ignoreCase: true),
        Pooling = false,
        Timeout = 15,
        CommandTimeout = 0,
    }.ConnectionString;

    /// <summary>
    /// libpq variables for pg_dump and pg_restore. The password goes through <c>PGPASSWORD</c> in
    /// the child's environment only: never on a command line (visible to every user in ps) and
    /// never in a file that a crash could leave behind.
    /// </summary>
    public IReadOnlyDictionary<string, string> ClientEnvironment(string password) => new Dictionary<string, string>
    {
        ["PGHOST"] = Host,
        ["PGPORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PGUSER"] = Username,
        ["PGDATABASE"] = Database,
        ["PGSSLMODE"] = SslMode,
        ["PGPASSWORD"] = password,
        ["PGCONNECT_TIMEOUT"] = "15",
        ["PGAPPNAME"] = "coder-bootstrap-backup",
    };
}
