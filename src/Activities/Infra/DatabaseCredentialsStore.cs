using System.Net;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using CoderBootstrap.Activities.State;

namespace CoderBootstrap.Activities.Infra;

/// <summary>
/// Keeps an environment's database credentials in a private object of its state bucket
/// (<c>secrets/database-&lt;env&gt;.json</c>), apart from the state documents, which never hold a secret.
/// </summary>
public sealed class DatabaseCredentialsStore
{
    private readonly IAmazonS3 _s3;
    private readonly S3StateStore _state;

    public DatabaseCredentialsStore(IAmazonS3 s3, S3StateStore state)
    {
        ArgumentNullException.ThrowIfNull(s3);
        ArgumentNullException.ThrowIfNull(state);
        _s3 = s3;
        _state = state;
    }

    public static string ObjectKey(string environment) => $"secrets/database-{environment}.json";

    public string BucketName(string environment) => _state.BucketName(environment);

    /// <summary>The stored credentials, or null when none were stored (or the bucket does not exist yet).</summary>
    public async Task<DatabaseCredentials?> ReadAsync(string environment, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _s3.GetObjectAsync(_state.BucketName(environment), ObjectKey(environment), cancellationToken).ConfigureAwait(false);
            return await JsonSerializer.DeserializeAsync<DatabaseCredentials>(response.ResponseStream, cancellationToken: cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"credentials object {ObjectKey(environment)} is empty");
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
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
        var bucket = await _state.EnsureBucketAsync(environment, cancellationToken).ConfigureAwait(false);
        using var stream = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(credentials), writable: false);
        await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = ObjectKey(environment),
            InputStream = stream,
            ContentType = "application/json",
            CannedACL = S3CannedACL.Private,
            UseChunkEncoding = false,
        }, cancellationToken).ConfigureAwait(false);
    }
}
