using System.Net;
using System.Text.Json;
using Amazon.S3;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;

namespace CoderBootstrap.Activities.Coder;

/// <summary>
/// Reads the database password from the private credentials object phase 1 wrote in the
/// environment's state bucket (a JSON document with a <c>password</c> field). The password only
/// ever lives in memory of the activity that needs it.
/// </summary>
internal static class DatabaseCredentialsReader
{
    public static async Task<string> ReadPasswordAsync(ActivityServices services, InfraOutputs infra, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            using var response = await services.S3.GetObjectAsync(services.State.BucketName(infra.Environment), infra.CredentialsObjectKey, cancellationToken).ConfigureAwait(false);
            document = await JsonDocument.ParseAsync(response.ResponseStream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception error) when (error.StatusCode == HttpStatusCode.NotFound)
        {
            throw ActivityFailures.MissingInfraState(infra.Environment, $"database credentials object {infra.CredentialsObjectKey} not found");
        }
        catch (JsonException)
        {
            throw ActivityFailures.MissingInfraState(infra.Environment, $"database credentials object {infra.CredentialsObjectKey} is not JSON");
        }

        using (document)
        {
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (string.Equals(property.Name, "password", StringComparison.OrdinalIgnoreCase)
                        && property.Value.ValueKind == JsonValueKind.String
                        && property.Value.GetString() is { Length: > 0 } password)
                    {
                        return password;
                    }
                }
            }
        }

        throw ActivityFailures.MissingInfraState(infra.Environment, $"database credentials object {infra.CredentialsObjectKey} holds no password");
    }

    /// <summary>The <c>CODER_PG_CONNECTION_URL</c> of the README: user and password URL-encoded, TLS required.</summary>
    public static string ConnectionUrl(InfraOutputs infra, string password) =>
        $"postgres://{Uri.EscapeDataString(infra.DatabaseUser)}:{Uri.EscapeDataString(password)}@{infra.DatabaseHost}:{infra.DatabasePort}/{Uri.EscapeDataString(infra.DatabaseName)}?sslmode=require";
}
