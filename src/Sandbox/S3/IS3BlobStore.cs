namespace CoderBootstrap.Sandbox.S3;

/// <summary>Where object and part bytes live, keyed by a blob id the metadata points to.</summary>
internal interface IS3BlobStore
{
    Task WriteAsync(string blobId, byte[] content, CancellationToken cancellationToken);

    /// <summary>Returns null when the blob does not exist (for example lost with a non-persistent store).</summary>
    Task<byte[]?> ReadAsync(string blobId, CancellationToken cancellationToken);

    void Delete(string blobId);
}
