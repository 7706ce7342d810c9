using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Kubernetes;
using CoderBootstrap.Activities.Runtime;
using k8s;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Coder;

/// <summary>The cluster's default storage class: one Coder's workspaces can use, proven by a bound probe volume.</summary>
public sealed class StorageClassActivities(ClusterAccess clusters, TimeSpan pollInterval, Serilog.ILogger log)
{
    private readonly Serilog.ILogger _log = log.ForContext<StorageClassActivities>();

    [Activity]
    public async Task<StorageClassReport> ValidateStorageClassesAsync(CoderStepInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var cancellationToken = ActivityRun.CancellationToken;
        var environment = input.Environment;
        using var client = await clusters.ConnectAsync(environment, input.Infra.ClusterId, cancellationToken).ConfigureAwait(false);
        var classes = (await client.StorageV1.ListStorageClassAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
        var names = classes.Select(c => c.Metadata.Name).Order(StringComparer.Ordinal).ToList();
        var chosen = StorageClassRules.FindAcceptedDefault(classes);
        if (chosen is null)
        {
            var defaults = classes.Where(StorageClassRules.IsDefault).Select(c => $"{c.Metadata.Name} ({c.Provisioner})").ToList();
            var found = defaults.Count > 0
                ? $"the default class {string.Join(", ", defaults)} is not provided by {StorageClassRules.ScalewayCsiProvisioner}"
                : $"no class is marked default (classes: {(names.Count == 0 ? "none" : string.Join(", ", names))})";
            throw ActivityFailure.Permanent(FailureKind.NoDefaultStorageClass,
                $"{environment}: no usable default storage class: {found}; workspaces need a default class provided by {StorageClassRules.ScalewayCsiProvisioner} " +
                $"(e.g. sbs-default) or a legacy {StorageClassRules.LegacyClassPrefix}* class: mark one with the annotation storageclass.kubernetes.io/is-default-class=true");
        }

        var bound = await new StorageProbe(client, pollInterval, _log).ProbeAsync(chosen, cancellationToken).ConfigureAwait(false);
        _log.Information("Default storage class of {Environment}: {Class} ({Provisioner}); probe volume bound", environment, chosen.Metadata.Name, chosen.Provisioner);
        return new StorageClassReport(chosen.Metadata.Name, chosen.Provisioner, names, bound);
    }
}
