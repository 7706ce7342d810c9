using System.Net;
using CoderBootstrap.Activities.Runtime;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace CoderBootstrap.Activities.Coder;

/// <summary>Proves a storage class provisions volumes: a small claim on it, waited until bound, then deleted.</summary>
public sealed class StorageProbe
{
    public const string ClaimName = "coder-bootstrap-storage-probe";
    public const string Namespace = "default";

    private static readonly Dictionary<string, string> ManagedLabels = new() { ["app.kubernetes.io/managed-by"] = "coder-bootstrap" };

    private readonly IKubernetes _client;
    private readonly TimeSpan _pollInterval;
    private readonly Serilog.ILogger _log;

    public StorageProbe(IKubernetes client, TimeSpan pollInterval, Serilog.ILogger log)
    {
        _client = client;
        _pollInterval = pollInterval;
        _log = log;
    }

    /// <summary>Creates (or reuses) the claim, waits until it is bound (heartbeating), and deletes what it made.</summary>
    public async Task<bool> ProbeAsync(V1StorageClass storageClass, CancellationToken cancellationToken)
    {
        var claim = new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta { Name = ClaimName, NamespaceProperty = Namespace, Labels = ManagedLabels },
            Spec = new V1PersistentVolumeClaimSpec
            {
                AccessModes = ["ReadWriteOnce"],
                StorageClassName = storageClass.Metadata.Name,
                Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } },
            },
        };
        if (!await CreateUnlessExistsAsync(() => _client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(claim, Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false))
        {
            _log.Information("Reusing the storage probe claim left by an earlier attempt");
        }

        var consumer = string.Equals(storageClass.VolumeBindingMode, "WaitForFirstConsumer", StringComparison.Ordinal)
            ? await StartConsumerAsync(cancellationToken).ConfigureAwait(false)
            : null;
        try
        {
            return await ActivityRun.PollAsync(_pollInterval, async token =>
            {
                var current = await _client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(ClaimName, Namespace, cancellationToken: token).ConfigureAwait(false);
                var phase = current.Status?.Phase ?? "Pending";
                return phase == "Bound" ? Poll<bool>.Finished(true) : Poll<bool>.Pending($"storage probe claim {phase}");
            }).ConfigureAwait(false);
        }
        finally
        {
            if (consumer is not null)
            {
                await DeleteIgnoringMissingAsync(() => _client.CoreV1.DeleteNamespacedPodAsync(consumer, Namespace, cancellationToken: CancellationToken.None)).ConfigureAwait(false);
            }

            await DeleteIgnoringMissingAsync(() => _client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync(ClaimName, Namespace, cancellationToken: CancellationToken.None)).ConfigureAwait(false);
        }
    }

    /// <summary>A class that binds on first consumer needs a pod using the claim before it binds.</summary>
    private async Task<string> StartConsumerAsync(CancellationToken cancellationToken)
    {
        var name = ClaimName + "-consumer";
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace, Labels = ManagedLabels },
            Spec = new V1PodSpec
            {
                RestartPolicy = "Never",
                SecurityContext = new V1PodSecurityContext { RunAsNonRoot = true, RunAsUser = 65535, SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" } },
                Containers =
                [
                    new V1Container
                    {
                        Name = "probe",
                        Image = "registry.k8s.io/pause:3.10",
                        VolumeMounts = [new V1VolumeMount { Name = "probe", MountPath = "/probe" }],
                        SecurityContext = new V1SecurityContext { AllowPrivilegeEscalation = false, Capabilities = new V1Capabilities { Drop = ["ALL"] } },
                    },
                ],
                Volumes = [new V1Volume { Name = "probe", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = ClaimName } }],
            },
        };
        await CreateUnlessExistsAsync(() => _client.CoreV1.CreateNamespacedPodAsync(pod, Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return name;
    }

    /// <summary>False when the object was there already (left by an earlier attempt).</summary>
    private static async Task<bool> CreateUnlessExistsAsync<T>(Func<Task<T>> create)
    {
        try
        {
            await create().ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    private static async Task DeleteIgnoringMissingAsync<T>(Func<Task<T>> delete)
    {
        try
        {
            await delete().ConfigureAwait(false);
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }
}
