using CoderBootstrap.Activities.Backup;
using CoderBootstrap.Activities.Contracts;
using Temporalio.Activities;

namespace CoderBootstrap.Workflows.Tests.Fast;

/// <summary>Stand-ins for the backup, restore and verification activities, recording the order of their calls.</summary>
public sealed class BackupStandIns
{
    private readonly List<string> _calls = [];

    public string BackupCoderVersion { get; set; } = "2.24.1";

    public string RunningCoderVersion { get; set; } = "2.24.1";

    public int Sequence { get; set; } = 1;

    public int Replicas { get; set; } = 2;

    public bool ChecksumsMatch { get; set; } = true;

    public bool ScratchRestoreMatches { get; set; } = true;

    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    private static readonly BackupPart Dump = new(BackupPartNames.Database, "id/database.dump", 1000, new string('a', 64), "application/octet-stream");

    private BackupSummary Summary(string id) =>
        new(id == "latest" ? "20261203T030000Z-abcdef" : id, "coder-backups-x", BackupCoderVersion, new SchemaMigration(318, false), "sha256:x", 2000, 5, ["database"],
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, false, null, 3, 30);

    [Activity("PreflightBackup")]
    public Task<BackupPreflight> PreflightBackupAsync(BackupStepInput input) => Answer("PreflightBackup", new BackupPreflight(input.Bucket, RunningCoderVersion, null, 1000, Sequence));

    [Activity("DumpDatabase")]
    public Task<DumpedDatabase> DumpDatabaseAsync(BackupStepInput input) => Answer("DumpDatabase", new DumpedDatabase(Dump, 1, [], null, "pg_dump 15"));

    [Activity("ExportKubernetesObjects")]
    public Task<BackupPart> ExportKubernetesObjectsAsync(BackupStepInput input) => Answer("ExportKubernetesObjects", Dump with { Name = BackupPartNames.Kubernetes });

    [Activity("CopySpecAndState")]
    public Task<IReadOnlyList<BackupPart>> CopySpecAndStateAsync(BackupStepInput input) => Answer<IReadOnlyList<BackupPart>>("CopySpecAndState", [Dump with { Name = BackupPartNames.Spec }]);

    [Activity("CopyExtras")]
    public Task<IReadOnlyList<BackupPart>> CopyExtrasAsync(BackupStepInput input) => Answer<IReadOnlyList<BackupPart>>("CopyExtras", [Dump with { Name = "kubeconfig-reference" }]);

    [Activity("WriteManifest")]
    public Task<ManifestWritten> WriteManifestAsync(WriteManifestInput input) =>
        Answer("WriteManifest", new ManifestWritten(input.Step.Bucket, input.Step.BackupId + "/manifest.json", 3000, input.Parts.Count + 1, DateTimeOffset.UtcNow));

    [Activity("ApplyRetention")]
    public Task<RetentionOutcome> ApplyRetentionAsync(RetentionInput input) => Answer("ApplyRetention", new RetentionOutcome([], 3));

    [Activity("VerifyChecksums")]
    public Task<ChecksumReport> VerifyChecksumsAsync(BackupSelector selector) =>
        Answer("VerifyChecksums", new ChecksumReport(Summary(selector.Backup), ChecksumsMatch ? [] : ["database: the object is 10 bytes, the manifest recorded 1000"]));

    [Activity("VerifyByScratchRestore")]
    public Task<ScratchVerifyReport> VerifyByScratchRestoreAsync(ScratchVerifyInput input) =>
        Answer("VerifyByScratchRestore", new ScratchVerifyReport(input.BackupId, "verify_x", 3, 30, ScratchRestoreMatches ? [] : ["table public.users has 2 rows, the backup recorded 3"]));

    [Activity("ReadRunningCoder")]
    public Task<RunningCoder> ReadRunningCoderAsync(CoderStepInput input) => Answer("ReadRunningCoder", new RunningCoder(RunningCoderVersion, Replicas));

    [Activity("ScaleCoder")]
    public Task<CoderScaled> ScaleCoderAsync(ScaleCoderInput input) => Answer($"ScaleCoder:{input.Replicas}", new CoderScaled(input.Replicas == 0 ? Replicas : 0, input.Replicas));

    [Activity("RestoreDatabase")]
    public Task<DatabaseRestored> RestoreDatabaseAsync(RestoreStepInput input) => Answer("RestoreDatabase", new DatabaseRestored(1000, "coder"));

    [Activity("ReapplyCoderObjects")]
    public Task<ObjectsReapplied> ReapplyCoderObjectsAsync(RestoreStepInput input) => Answer<ObjectsReapplied>("ReapplyCoderObjects", new(["Deployment/coder"]));

    private Task<T> Answer<T>(string call, T result)
    {
        lock (_calls)
        {
            _calls.Add(call);
        }
        return Task.FromResult(result);
    }
}
