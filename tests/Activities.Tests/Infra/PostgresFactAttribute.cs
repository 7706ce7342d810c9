using CoderBootstrap.Sandbox.Postgres;

namespace CoderBootstrap.Activities.Tests.Infra;

/// <summary>A fact skipped, with the reason, when no PostgreSQL server binaries are installed.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (LocalPostgresServer.FindBinaries() is null)
        {
            Skip = "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: the real-database test is skipped";
        }
    }
}
