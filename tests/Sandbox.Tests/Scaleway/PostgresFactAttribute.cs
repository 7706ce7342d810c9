using CoderBootstrap.Sandbox.Postgres;

namespace CoderBootstrap.Sandbox.Tests.Scaleway;

/// <summary>A fact that is skipped, with the reason, when no PostgreSQL server binaries are installed.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (LocalPostgresServer.FindBinaries() is null)
        {
            Skip = "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: real managed-database tests skipped";
        }
    }
}
