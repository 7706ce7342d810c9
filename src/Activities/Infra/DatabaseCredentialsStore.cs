using System.Text.Json;
using Amazon.S3;
using CoderBootstrap.Activities.State;

namespace CoderBootstrap.Activities.Infra;

/// <summary>
/// Keeps an environment's database credentials in a private object of its state bucket
/// (<c>secrets/database-&lt;env&gt;.json</c>), apart from the state documents, which never hold a secret.
/// </summary>
public sealed class DatabaseCredentialsStore
{
    private readonly PrivateObjectStore _objects;

    public DatabaseCredentialsStore(IAmazonS3 s3, S3StateStore state) => _objects = new PrivateObjectStore(s3, state);

    public static string ObjectKey(string environment) => $"secrets/database-{environment}.json";

    public string BucketName(string environment) => _objects.BucketName(environment);

    /// <summary>The stored credentials, or null when none were stored (or the bucket does not exist yet).</summary>
    public async Task<DatabaseCredentials?> ReadAsync(string environment, CancellationToken cancellationToken)
    {
        try
        {
            var content = await _objects.GetAsync(environment, ObjectKey(environment), cancellationToken).ConfigureAwait(false);
            return content is null
                ? null
                : JsonSerializer.Deserialize<DatabaseCredentials>(content) ?? throw new InvalidDataException($"credentials object {ObjectKey(environment)} is empty");
        }
        catch (JsonException ex)
        {
            // The message of a JsonException can quote the document: keep only the position.
            throw new InvalidDataException($"credentials object {ObjectKey(environment)} is not readable JSON (line {ex.LineNumber}, byte {ex.BytePositionInLine})");
        }
    }

    /// <summary>Writes (or replaces) the credentials object, private to the bucket owner.</summary>
    public async Task WriteAsync(string environment, DatabaseCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        await _objects.PutAsync(environment, ObjectKey(environment), JsonSerializer.SerializeToUtf8Bytes(credentials), "application/json", cancellationToken).ConfigureAwait(false);
    }
}
