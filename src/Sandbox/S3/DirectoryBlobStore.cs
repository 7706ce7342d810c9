namespace CoderBootstrap.Sandbox.S3;

/// <summary>Blobs as files in a folder (for example <c>{state-dir}/s3-blobs</c>), so objects survive a restart.</summary>
internal sealed class DirectoryBlobStore : IS3BlobStore
{
    private readonly string _directory;

    public DirectoryBlobStore(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
    }

    public async Task WriteAsync(string blobId, byte[] content, CancellationToken cancellationToken)
    {
        var finalPath = PathOf(blobId);
        var temporaryPath = finalPath + ".partial";
        await File.WriteAllBytesAsync(temporaryPath, content, cancellationToken);
        File.Move(temporaryPath, finalPath, overwrite: true);
    }

    public async Task<byte[]?> ReadAsync(string blobId, CancellationToken cancellationToken)
    {
        var path = PathOf(blobId);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken) : null;
    }

    public void Delete(string blobId) => File.Delete(PathOf(blobId));

    private string PathOf(string blobId)
    {
        if (blobId.Length == 0 || !blobId.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException("Blob ids are alphanumeric.", nameof(blobId));
        }

        return Path.Combine(_directory, blobId);
    }
}
