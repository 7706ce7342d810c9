using System.Reflection;
using System.Text.Json;
using CoderBootstrap.Activities.Coder;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Kubernetes;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.State;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Backup.Activities;

/// <summary>
/// The small parts of a backup — Coder's Kubernetes objects (secrets as references), the applied
/// spec snapshot, the infra and coder state documents, with <c>--include-all</c> the template
/// archives and the kubeconfig's reference — and, last, the manifest. Each write replaces the same
/// key, so a retry is safe.
/// </summary>
public sealed class BackupContentActivities(BackupAccess access, ClusterAccess clusters, Serilog.ILogger log)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly Serilog.ILogger _log = log.ForContext<BackupContentActivities>();

    [Activity]
    public async Task<BackupPart> ExportKubernetesObjectsAsync(BackupStepInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var cancellationToken = ActivityRun.CancellationToken;
        KubernetesExport export;
        using (var client = await clusters.ConnectAsync(input.Environment, input.Infra.ClusterId, cancellationToken).ConfigureAwait(false))
        {
            export = await new KubernetesNamespaceExporter(client).ExportAsync(input.Snapshot.Spec.Coder.Namespace, cancellationToken).ConfigureAwait(false);
        }

        var part = await WriteAsync(input, BackupPartNames.Kubernetes, "kubernetes.yaml", "application/yaml", export.ToUtf8(), cancellationToken).ConfigureAwait(false);
        _log.Information("Backup {BackupId}: {Count} Kubernetes objects of {Namespace} exported ({Objects})",
            input.BackupId, export.Objects.Count, input.Snapshot.Spec.Coder.Namespace, string.Join(", ", export.Objects));
        return part;
    }

    /// <summary>The spec snapshot the environment runs with and its state documents as they are stored.</summary>
    [Activity]
    public async Task<IReadOnlyList<BackupPart>> CopySpecAndStateAsync(BackupStepInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var cancellationToken = ActivityRun.CancellationToken;
        var parts = new List<BackupPart>
        {
            await WriteAsync(input, BackupPartNames.Spec, "spec.json", "application/json", JsonSerializer.SerializeToUtf8Bytes(input.Snapshot, Indented), cancellationToken).ConfigureAwait(false),
        };
        foreach (var (name, kind) in new[] { (BackupPartNames.InfraState, StateKind.Infra), (BackupPartNames.CoderState, StateKind.Coder) })
        {
            var content = await CallGuard.StorageAsync($"read the {name} of environment '{input.Environment}'",
                () => access.StateObjects.GetAsync(input.Environment, S3StateStore.CurrentKey(kind), cancellationToken)).ConfigureAwait(false);
            if (content is not null)
            {
                parts.Add(await WriteAsync(input, name, name + ".json", "application/json", content, cancellationToken).ConfigureAwait(false));
            }
        }

        return parts;
    }

    /// <summary><c>--include-all</c>: the archives of the environment's templates and where its kubeconfig is kept (never its content).</summary>
    [Activity]
    public async Task<IReadOnlyList<BackupPart>> CopyExtrasAsync(BackupStepInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var cancellationToken = ActivityRun.CancellationToken;
        var parts = new List<BackupPart>();
        var templates = access.Templates;
        foreach (var name in templates.Resolve(input.Snapshot.Spec.Templates))
        {
            var archive = TemplateArchiveBuilder.Build(templates.Locate(name));
            parts.Add(await WriteAsync(input, "template:" + name, $"templates/{name}.tar", "application/x-tar", archive, cancellationToken).ConfigureAwait(false));
        }

        var reference = new
        {
            kind = "KubeconfigReference",
            bucket = input.Snapshot.Spec.StateBucketName,
            key = input.Infra.KubeconfigObjectKey,
            cluster_id = input.Infra.ClusterId,
            note = "the kubeconfig itself is not in the backup: download it with `starter kubeconfig`",
        };
        parts.Add(await WriteAsync(input, "kubeconfig-reference", "kubeconfig-reference.json", "application/json", JsonSerializer.SerializeToUtf8Bytes(reference, Indented), cancellationToken).ConfigureAwait(false));
        return parts;
    }

    /// <summary>Writes <c>manifest.json</c>: every part with size and SHA-256, the versions, the spec digest, start and end.</summary>
    [Activity]
    public async Task<ManifestWritten> WriteManifestAsync(WriteManifestInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var step = input.Step;
        var completedAt = DateTimeOffset.UtcNow;
        var manifest = new BackupManifest
        {
            BackupId = step.BackupId,
            Environment = step.Environment,
            StartedAt = input.StartedAt,
            CompletedAt = completedAt,
            CoderVersion = input.Preflight.CoderVersion,
            SchemaMigration = input.Database.Migration,
            SpecDigest = step.Snapshot.Digest,
            ToolVersion = ToolVersion(),
            DumpToolVersion = input.Database.DumpToolVersion,
            PreDestroy = input.PreDestroy,
            ExpiresAt = input.ExpiresAt,
            Sequence = input.Preflight.Sequence,
            Parts = [input.Database.Part, .. input.Parts],
            Tables = input.Database.Tables,
        };
        await CallGuard.StorageAsync($"write the manifest of backup {step.BackupId}",
            () => new BackupObjectWriter(access.S3).WriteManifestAsync(step.Bucket, manifest, ActivityRun.CancellationToken)).ConfigureAwait(false);
        var total = manifest.Parts.Sum(p => p.Size);
        _log.Information("Backup {BackupId} of {Environment} complete: {Parts} parts, {Bytes} bytes, Coder {CoderVersion}",
            step.BackupId, step.Environment, manifest.Parts.Count, total, manifest.CoderVersion);
        return new ManifestWritten(step.Bucket, BackupLayout.ManifestKey(step.BackupId), total, manifest.Parts.Count, completedAt);
    }

    internal static string ToolVersion() =>
        "coder-bootstrap " + (typeof(BackupContentActivities).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0");

    private Task<BackupPart> WriteAsync(BackupStepInput input, string name, string fileName, string contentType, byte[] content, CancellationToken cancellationToken) =>
        CallGuard.StorageAsync($"write {fileName} of backup {input.BackupId}",
            () => new BackupObjectWriter(access.S3).WritePartAsync(input.Bucket, input.BackupId, name, fileName, contentType, content, cancellationToken));
}
