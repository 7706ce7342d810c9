using System.Collections.Concurrent;
using CoderBootstrap.Sandbox.Core;

namespace CoderBootstrap.Sandbox.S3;

/// <summary>
/// Blobs kept in memory and mirrored into the sandbox state store, so they survive a restart when the
/// sandbox persists its state and simply live in memory when it does not. The store cannot delete a
/// key, so a deleted blob is overwritten with an empty tombstone.
/// </summary>
internal sealed class StateStoreBlobStore(ISandboxStateStore stateStore) : IS3BlobStore
{
    private readonly ConcurrentDictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);

    public Task WriteAsync(string blobId, byte[] content, CancellationToken cancellationToken)
    {
        _blobs[blobId] = content;
        stateStore.Save(KeyOf(blobId), new StoredBlob { Exists = true, Content = content });
        return Task.CompletedTask;
    }

    public Task<byte[]?> ReadAsync(string blobId, CancellationToken cancellationToken)
    {
        if (_blobs.TryGetValue(blobId, out var content))
        {
            return Task.FromResult<byte[]?>(content);
        }

        var stored = stateStore.Load<StoredBlob>(KeyOf(blobId));
        if (stored is { Exists: true })
        {
            _blobs[blobId] = stored.Content;
            return Task.FromResult<byte[]?>(stored.Content);
        }

        return Task.FromResult<byte[]?>(null);
    }

    public void Delete(string blobId)
    {
        _blobs.TryRemove(blobId, out _);
        stateStore.Save(KeyOf(blobId), new StoredBlob { Exists = false, Content = [] });
    }

    private static string KeyOf(string blobId) => "s3.blob." + blobId;

    internal sealed class StoredBlob
    {
        public bool Exists { get; set; }

        public byte[] Content { get; set; } = [];
    }
}
