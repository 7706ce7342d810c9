using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;

namespace CoderBootstrap.Activities.Backup;

/// <summary>
/// Streams a custom-format dump from S3 into <c>pg_restore --clean --if-exists</c>, checking its
/// size and SHA-256 on the way. pg_restore runs as one transaction and the last bytes of the dump
/// are held back until the checksum matched: a tampered or truncated dump is refused with the
/// database left as it was (pg_restore is killed before it can commit).
/// </summary>
public sealed class DatabaseRestoreStreamer
{
    private const int ChunkSize = 1024 * 1024;
    private const int HeldBackBytes = 64 * 1024;

    private readonly PostgresClientTools _tools;
    private readonly IAmazonS3 _s3;

    public DatabaseRestoreStreamer(PostgresClientTools tools, IAmazonS3 s3)
    {
        _tools = tools;
        _s3 = s3;
    }

    public async Task RestoreAsync(ObjectLocation source, ExpectedContent expected, DatabaseEndpoint target, string password, Action<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(target);
        using var response = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = source.Bucket, Key = source.Key }, cancellationToken).ConfigureAwait(false);
        // --no-owner: objects belong to the restoring user, which is the user Coder connects as.
        await using var restore = _tools.Start(
            "pg_restore",
            target,
            password,
            ["--clean", "--if-exists", "--single-transaction", "--no-owner", "--no-password", "--dbname=" + target.Database],
            writesStandardInput: true);
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var feed = new HeldBackWriter(restore.StandardInput, HeldBackBytes);
        var chunk = new byte[ChunkSize];
        long size = 0;
        try
        {
            int read;
            while ((read = await response.ResponseStream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                sha256.AppendData(chunk, 0, read);
                size += read;
                await feed.WriteAsync(chunk.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                progress?.Invoke(size);
            }

            // Killing pg_restore here (by disposing it) rolls its transaction back.
            expected.Check(source.ToString(), size, Convert.ToHexStringLower(sha256.GetHashAndReset()));
            await feed.FlushHeldBackAsync(cancellationToken).ConfigureAwait(false);
            restore.StandardInput.Close();
        }
        catch (IOException)
        {
            // pg_restore closed its input: it failed, and its own message says why.
            if (await restore.ExitFailureAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false) is { } failure)
            {
                throw failure;
            }

            throw;
        }

        await restore.WaitForSuccessAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes everything but the last <c>heldBack</c> bytes seen so far, until told to flush them.</summary>
    private sealed class HeldBackWriter(Stream destination, int heldBack)
    {
        private readonly byte[] _pending = new byte[heldBack];
        private int _pendingCount;

        public async Task WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
        {
            var writable = _pendingCount + chunk.Length - heldBack;
            if (writable <= 0)
            {
                chunk.CopyTo(_pending.AsMemory(_pendingCount));
                _pendingCount += chunk.Length;
                return;
            }

            var fromPending = Math.Min(_pendingCount, writable);
            await destination.WriteAsync(_pending.AsMemory(0, fromPending), cancellationToken).ConfigureAwait(false);
            var fromChunk = writable - fromPending;
            await destination.WriteAsync(chunk[..fromChunk], cancellationToken).ConfigureAwait(false);
            _pending.AsSpan(fromPending, _pendingCount - fromPending).CopyTo(_pending);
            _pendingCount -= fromPending;
            chunk[fromChunk..].CopyTo(_pending.AsMemory(_pendingCount));
            _pendingCount += chunk.Length - fromChunk;
        }

        public async Task FlushHeldBackAsync(CancellationToken cancellationToken)
        {
            await destination.WriteAsync(_pending.AsMemory(0, _pendingCount), cancellationToken).ConfigureAwait(false);
            _pendingCount = 0;
            await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
