using CoderBootstrap.Activities.Backup.Activities;
using CoderBootstrap.Activities.Coder;
using CoderBootstrap.Activities.Cost;
using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Infra;
using CoderBootstrap.Activities.Kubernetes;
using CoderBootstrap.Activities.Notifications;
using CoderBootstrap.Activities.Scale;
using CoderBootstrap.Activities.Setup;
using CoderBootstrap.Activities.Teardown;

namespace CoderBootstrap.Activities.Runtime;

/// <summary>Every activity class of the product, each given only what it uses out of the worker's <see cref="ActivityServices"/>.</summary>
public static class ActivitySet
{
    public static IReadOnlyList<object> Create(ActivityServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.Options;
        var log = services.Logger;
        var scaleway = new ScalewayAccess(services);
        var storage = new StateStorage(services);
        var clusters = new ClusterAccess(services);
        var templates = new TemplateCatalog(options.TemplatesDirectory);
        var backups = new BackupAccess(services);
        return
        [
            new SpecActivities(services.Environments, log),
            new PlanActivities(scaleway, services.LoadPriceCatalog, log),
            new NetworkActivities(scaleway, log),
            new ClusterActivities(scaleway, log),
            new ClusterWaitActivities(scaleway, options.ResourcePollInterval, log),
            new KubeconfigActivities(scaleway, storage, log),
            new DatabaseActivities(scaleway, storage, log),
            new DatabaseWaitActivities(scaleway, storage, options.ResourcePollInterval, log),
            new InfraStateActivities(scaleway, storage, log),
            new InfraCheckActivities(scaleway, log),
            new StorageClassActivities(clusters, options.RolloutPollInterval, log),
            new CoderManifestActivities(clusters, storage, new ManifestRenderer(options.ManifestsDirectory), options.Environment, options.RolloutPollInterval, log),
            new CoderRolloutActivities(clusters, options.RolloutPollInterval, log),
            new CoderAdminActivities(clusters, log),
            new TemplateActivities(clusters, templates, options.RolloutPollInterval, log),
            new CoderStateActivities(clusters, storage, log),
            new SetupActivities(services),
            new InventoryActivities(scaleway, storage, services.LoadPriceCatalog, log),
            new CoderTeardownActivities(scaleway, clusters, options.RolloutPollInterval, log),
            new ClusterTeardownActivities(scaleway, options.ResourcePollInterval, log),
            new VolumeTeardownActivities(scaleway, clusters, options.ResourcePollInterval, log),
            new DatabaseTeardownActivities(scaleway, options.ResourcePollInterval, log),
            new NetworkTeardownActivities(scaleway, options.ResourcePollInterval, log),
            new StateTeardownActivities(storage, log),
            new ScheduleTeardownActivities(log),
            new BackupPreflightActivities(backups, clusters, log),
            new DatabaseBackupActivities(backups, log),
            new BackupContentActivities(backups, clusters, log),
            new BackupCatalogActivities(backups, log),
            new CoderScaleActivities(clusters, options.RolloutPollInterval, log),
            new RestoreActivities(backups, clusters, log),
            new CostActivities(scaleway, storage, services.LoadPriceCatalog, log),
            new CostStateActivities(storage, log),
            new ScaleActivities(scaleway, storage, clusters, services.LoadPriceCatalog, options.ResourcePollInterval, log),
            new NotificationActivities(services.NotificationHttp, () => NotificationChannels.Load(options.NotificationsPath), options.Environment, log),
        ];
    }
}
