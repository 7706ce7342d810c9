using System.Text.Json.Nodes;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Kubernetes;
using CoderBootstrap.Activities.Runtime;
using Amazon.S3.Model;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Backup.Activities;

/// <summary>
/// The two writes of a restore: the dump into the environment's database (<c>pg_restore --clean
/// --if-exists</c> in one transaction, checksum checked before it may commit), and Coder's
/// Kubernetes objects re-applied from the backup (secrets stay where they are; the deployment
/// with 0 replicas, scaled back by the workflow afterwards).
/// </summary>
public sealed class RestoreActivities(BackupAccess access, ClusterAccess clusters, Serilog.ILogger log)
{
    private readonly Serilog.ILogger _log = log.ForContext<RestoreActivities>();

    [Activity]
    public async Task<DatabaseRestored> RestoreDatabaseAsync(RestoreStepInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var cancellationToken = ActivityRun.CancellationToken;
        var s3 = access.S3;
        var manifest = await CallGuard.StorageAsync($"read the backup {input.Backup.BackupId}",
            () => BackupSummaries.FindAsync(s3, new BackupSelector(input.Environment, input.Backup.BackupId), cancellationToken)).ConfigureAwait(false);
        var dump = manifest.Part(BackupPartNames.Database);
        var password = await access.PasswordAsync(input.Infra, cancellationToken).ConfigureAwait(false);
        var target = BackupAccess.Endpoint(input.Infra);
        var lastBeat = DateTime.UtcNow;
        try
        {
            // Progress is heartbeated while more bytes follow; the restore's end is never followed by a heartbeat.
            await new DatabaseRestoreStreamer(access.Tools, s3).RestoreAsync(new ObjectLocation(input.Backup.Bucket, dump.Key), dump.Expected, target, password, bytes =>
            {
                if (bytes < dump.Size && DateTime.UtcNow - lastBeat > TimeSpan.FromSeconds(5))
                {
                    lastBeat = DateTime.UtcNow;
                    ActivityRun.Heartbeat(bytes);
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (BackupIntegrityException error)
        {
            throw ActivityFailure.Permanent(FailureKind.BackupIntegrity, $"{input.Environment}: {error.Message}; the database was left as it was");
        }
        catch (PostgresToolException error)
        {
            throw ActivityFailure.Permanent(FailureKind.ResourceFailed, $"{input.Environment}: {error.Message}");
        }

        _log.Information("Backup {BackupId} restored into {Database} of {Environment} ({Bytes} bytes)", manifest.BackupId, target.Database, input.Environment, dump.Size);
        return new DatabaseRestored(dump.Size, target.Database);
    }

    [Activity]
    public async Task<ObjectsReapplied> ReapplyCoderObjectsAsync(RestoreStepInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var cancellationToken = ActivityRun.CancellationToken;
        var s3 = access.S3;
        var manifest = await CallGuard.StorageAsync($"read the backup {input.Backup.BackupId}",
            () => BackupSummaries.FindAsync(s3, new BackupSelector(input.Environment, input.Backup.BackupId), cancellationToken)).ConfigureAwait(false);
        var part = manifest.Part(BackupPartNames.Kubernetes);
        string yaml;
        using (var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = input.Backup.Bucket, Key = part.Key }, cancellationToken).ConfigureAwait(false))
        using (var reader = new StreamReader(response.ResponseStream))
        {
            yaml = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }

        var applied = new List<string>();
        using var client = await clusters.ConnectAsync(input.Environment, input.Infra.ClusterId, cancellationToken).ConfigureAwait(false);
        var applier = new ServerSideApplier(client);
        foreach (var manifestObject in Documents(yaml))
        {
            await applier.ApplyAsync(manifestObject, cancellationToken).ConfigureAwait(false);
            applied.Add(manifestObject.DisplayName);
        }

        _log.Information("Re-applied {Count} Coder objects of backup {BackupId} to {Environment}", applied.Count, manifest.BackupId, input.Environment);
        return new ObjectsReapplied(applied);
    }

    /// <summary>The objects to re-apply: secret references and volume claims (immutable once bound) stay out, the deployment gets 0 replicas.</summary>
    internal static IEnumerable<RenderedManifest> Documents(string yaml)
    {
        var documents = yaml.ReplaceLineEndings("\n").Split("\n---\n").Select(d => d.Trim('\n')).Where(d => d.Trim().Length > 0);
        foreach (var document in documents)
        {
            var body = YamlManifestConverter.ToJsonObject(document);
            var manifest = RenderedManifest.FromBody(body, "backup kubernetes.yaml");
            if (manifest.Kind is "SecretReference" or "PersistentVolumeClaim")
            {
                continue;
            }

            if (manifest.Kind == "Deployment" && body["spec"] is JsonObject spec)
            {
                spec["replicas"] = 0;
            }

            yield return manifest;
        }
    }
}
