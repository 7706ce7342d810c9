using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Infra;
using CoderBootstrap.Activities.Runtime;

namespace CoderBootstrap.Activities.Coder;

/// <summary>
/// The database password phase 1 stored in the private credentials object. The password only ever
/// lives in memory of the activity that needs it.
/// </summary>
internal static class DatabaseCredentialsReader
{
    public static async Task<string> ReadPasswordAsync(DatabaseCredentialsStore store, InfraOutputs infra, CancellationToken cancellationToken)
    {
        DatabaseCredentials? credentials;
        try
        {
            credentials = await store.ReadAsync(infra.Environment, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException error)
        {
            throw ActivityFailure.MissingInfraState(infra.Environment, error.Message);
        }

        return credentials is { Password.Length: > 0 }
            ? credentials.Password
            : throw ActivityFailure.MissingInfraState(infra.Environment, $"no database password in {infra.CredentialsObjectKey}");
    }

    /// <summary>The <c>CODER_PG_CONNECTION_URL</c> of the README: user and password URL-encoded, TLS required.</summary>
    public static string ConnectionUrl(InfraOutputs infra, string password) =>
        $"postgres://{Uri.EscapeDataString(infra.DatabaseUser)}:{Uri.EscapeDataString(password)}@{infra.DatabaseHost}:{infra.DatabasePort}/{Uri.EscapeDataString(infra.DatabaseName)}?sslmode=require";
}
