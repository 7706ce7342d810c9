using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Backup.Activities;

/// <summary>
/// The database part of a backup: <c>pg_dump -Fc</c> streamed into a multipart upload, the bytes
/// written heartbeated after each part. A retry after a crash aborts the upload the previous
/// attempt heartbeated (and any other incomplete one of the same key) and starts a clean object:
/// a half dump is never completed, so it never appears in the bucket.
/// </summary>
public sealed class DatabaseBackupActivities(BackupAccess access, Serilog.ILogger log)
{
    public const string DumpFile = "database.dump";

    private readonly Serilog.ILogger _log = log.ForContext<DatabaseBackupActivities>();

    [Activity]
    public async Task<DumpedDatabase> DumpDatabaseAsync(BackupStepInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var cancellationToken = ActivityRun.CancellationToken;
        var target = new ObjectLocation(input.Bucket, BackupLayout.PartKey(input.BackupId, DumpFile));
        var abandoned = await ActivityRun.ResumeAsync<UploadProgress>(p => p.Key == target.Key, _log).ConfigureAwait(false);
        if (abandoned is not null)
        {
            _log.Warning("Backup {BackupId}: a previous attempt stopped after {Bytes} bytes in {Parts} parts; aborting its upload and dumping afresh",
                input.BackupId, abandoned.BytesUploaded, abandoned.PartsUploaded);
        }

        var password = await access.PasswordAsync(input.Infra, cancellationToken).ConfigureAwait(false);
        var streamer = new DatabaseDumpStreamer(access.Tools, new MultipartStreamUploader(access.S3));
        DatabaseDump dump;
        try
        {
            // The heartbeat after each part is followed by more parts or the completion call: never the activity's last act.
            dump = await streamer.DumpAsync(BackupAccess.Endpoint(input.Infra), password, target, abandoned?.UploadId, ActivityRun.Heartbeat, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresToolException error) when (error.ErrorOutput.Contains("authentication failed", StringComparison.OrdinalIgnoreCase))
        {
            throw ActivityFailure.Permanent(FailureKind.AuthenticationFailed, $"{input.Environment}: {error.Message}");
        }

        var uploaded = dump.Object;
        _log.Information("Backup {BackupId} of {Environment}: database dumped to {Location}, {Bytes} bytes in {Parts} parts ({DumpTool})",
            input.BackupId, input.Environment, uploaded.Location.ToString(), uploaded.Size, uploaded.PartCount, dump.DumpToolVersion);
        return new DumpedDatabase(
            new BackupPart(BackupPartNames.Database, target.Key, uploaded.Size, uploaded.Sha256, "application/vnd.postgresql.custom-dump"),
            uploaded.PartCount, dump.Figures.Tables, dump.Figures.Migration, dump.DumpToolVersion);
    }
}
