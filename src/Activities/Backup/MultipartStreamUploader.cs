using System.Net;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace CoderBootstrap.Activities.Backup;

/// <summary>
/// Streams a source of unknown length into one S3 object as a multipart upload, without a
/// temporary file: a part is read into memory, hashed, and uploaded while the next one is read,
/// with at most <c>partsInFlight</c> uploads at once (so memory stays near
/// (<c>partsInFlight</c> + 1) × part size). A failed or cancelled upload is aborted, so no
/// half object is left; the object only appears once complete.
/// </summary>
public sealed class MultipartStreamUploader
{
    private readonly IAmazonS3 _s3;
    private readonly int _partsInFlight;

    public MultipartStreamUploader(IAmazonS3 s3, int partsInFlight = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partsInFlight, 1);
        _s3 = s3;
        _partsInFlight = partsInFlight;
    }

    /// <summary>
    /// Uploads <paramref name="source"/> to <paramref name="target"/>. Incomplete uploads of the
    /// same key (left by a crashed attempt, whether or not its upload id was heartbeated) are aborted first.
    /// </summary>
    /// <param name="confirmSource">
    /// Runs after the last part and before the object is completed; when it throws (for example
    /// because the program writing the stream failed), the upload is aborted instead.
    /// </param>
    public async Task<UploadedObject> UploadAsync(
        Stream source,
        ObjectLocation target,
        PartSizePolicy partSizes,
        Action<UploadProgress>? progress,
        Func<CancellationToken, Task>? confirmSource,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(partSizes);
        await AbortIncompleteUploadsAsync(target, cancellationToken).ConfigureAwait(false);
        var initiated = await _s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = target.Bucket,
            Key = target.Key,
            ContentType = "application/octet-stream",
        }, cancellationToken).ConfigureAwait(false);
        var uploadId = initiated.UploadId;
        try
        {
            var upload = new PartPipeline(this, target, uploadId, progress);
            var (size, sha256, parts) = await upload.RunAsync(source, partSizes, cancellationToken).ConfigureAwait(false);
            if (confirmSource is not null)
            {
                await confirmSource(cancellationToken).ConfigureAwait(false);
            }

            var completed = await _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = target.Bucket,
                Key = target.Key,
                UploadId = uploadId,
                PartETags = parts,
            }, cancellationToken).ConfigureAwait(false);
            return new UploadedObject(target, size, sha256, parts.Count, completed.ETag);
        }
        catch
        {
            await AbortQuietlyAsync(target, uploadId).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Aborts one upload; an upload that no longer exists (completed or already aborted) is success.</summary>
    public async Task AbortAsync(ObjectLocation target, string uploadId, CancellationToken cancellationToken)
    {
        try
        {
            await _s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = target.Bucket, Key = target.Key, UploadId = uploadId }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    /// <summary>Aborts every incomplete multipart upload of exactly this key.</summary>
    public async Task AbortIncompleteUploadsAsync(ObjectLocation target, CancellationToken cancellationToken)
    {
        string? keyMarker = null;
        string? uploadIdMarker = null;
        while (true)
        {
            var page = await _s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest
            {
                BucketName = target.Bucket,
                Prefix = target.Key,
                KeyMarker = keyMarker,
                UploadIdMarker = uploadIdMarker,
            }, cancellationToken).ConfigureAwait(false);
            foreach (var upload in (page.MultipartUploads ?? []).Where(u => u.Key == target.Key))
            {
                await AbortAsync(target, upload.UploadId, cancellationToken).ConfigureAwait(false);
            }

            if (page.IsTruncated != true)
            {
                return;
            }

            keyMarker = page.NextKeyMarker;
            uploadIdMarker = page.NextUploadIdMarker;
        }
    }

    private async Task AbortQuietlyAsync(ObjectLocation target, string uploadId)
    {
        // The caller's token may be the one that was cancelled: the abort gets its own short deadline.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await AbortAsync(target, uploadId, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is AmazonServiceException or OperationCanceledException or HttpRequestException)
        {
            // A retry's sweep of incomplete uploads of this key aborts it.
        }
    }

    /// <summary>The read → hash → upload loop of one upload.</summary>
    private sealed class PartPipeline(MultipartStreamUploader owner, ObjectLocation target, string uploadId, Action<UploadProgress>? progress)
    {
        private readonly Lock _gate = new();
        private readonly Stack<byte[]> _freeBuffers = new();
        private long _bytesUploaded;
        private int _partsUploaded;

        public async Task<(long Size, string Sha256, List<PartETag> Parts)> RunAsync(Stream source, PartSizePolicy partSizes, CancellationToken cancellationToken)
        {
            using var failure = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var slots = new SemaphoreSlim(owner._partsInFlight);
            using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var uploads = new List<Task<PartETag>>();
            long size = 0;
            try
            {
                for (var partNumber = 1; ; partNumber++)
                {
                    var partSize = (int)partSizes.SizeOf(partNumber);
                    var buffer = Rent(partSize);
                    var read = await source.ReadAtLeastAsync(buffer.AsMemory(0, partSize), partSize, throwOnEndOfStream: false, failure.Token).ConfigureAwait(false);
                    if (read == 0 && partNumber > 1)
                    {
                        Return(buffer);
                        break;
                    }

                    sha256.AppendData(buffer, 0, read);
                    size += read;
                    await slots.WaitAsync(failure.Token).ConfigureAwait(false);
                    uploads.Add(UploadPartAsync(partNumber, buffer, read, slots, failure));
                    if (read < partSize)
                    {
                        break;
                    }
                }

                var parts = await Task.WhenAll(uploads).ConfigureAwait(false);
                return (size, Convert.ToHexStringLower(sha256.GetHashAndReset()), [.. parts]);
            }
            catch (Exception stopped)
            {
                await failure.CancelAsync().ConfigureAwait(false);
                try
                {
                    await Task.WhenAll(uploads).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is AmazonServiceException or OperationCanceledException or HttpRequestException or IOException)
                {
                    // Looked at below.
                }

                // The loop stopped because a part failed: that failure is the one to report, not the cancellation it caused.
                if (stopped is OperationCanceledException && !cancellationToken.IsCancellationRequested
                    && uploads.FirstOrDefault(u => u.IsFaulted)?.Exception?.InnerException is { } partFailure)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(partFailure);
                }

                throw;
            }
        }

        private async Task<PartETag> UploadPartAsync(int partNumber, byte[] buffer, int length, SemaphoreSlim slots, CancellationTokenSource failure)
        {
            try
            {
                using var content = new MemoryStream(buffer, 0, length, writable: false);
                var response = await owner._s3.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = target.Bucket,
                    Key = target.Key,
                    UploadId = uploadId,
                    PartNumber = partNumber,
                    PartSize = length,
                    InputStream = content,
                }, failure.Token).ConfigureAwait(false);
                UploadProgress report;
                lock (_gate)
                {
                    _bytesUploaded += length;
                    _partsUploaded++;
                    report = new UploadProgress(target.Key, uploadId, _bytesUploaded, _partsUploaded);
                }

                progress?.Invoke(report);
                return new PartETag(partNumber, response.ETag);
            }
            catch
            {
                // Stop reading and uploading: the loop sees the cancellation and aborts the upload.
                await failure.CancelAsync().ConfigureAwait(false);
                throw;
            }
            finally
            {
                Return(buffer);
                slots.Release();
            }
        }

        private byte[] Rent(int size)
        {
            lock (_gate)
            {
                while (_freeBuffers.TryPop(out var buffer))
                {
                    if (buffer.Length == size)
                    {
                        return buffer;
                    }
                }
            }

            return GC.AllocateUninitializedArray<byte>(size);
        }

        private void Return(byte[] buffer)
        {
            lock (_gate)
            {
                _freeBuffers.Push(buffer);
            }
        }
    }
}
