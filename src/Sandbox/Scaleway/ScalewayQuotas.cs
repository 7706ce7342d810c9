namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary>Per-project limits answered with <c>quotas_exceeded</c> (403) like the real account quotas.</summary>
public sealed record ScalewayQuotas
{
    public int ClustersPerProject { get; init; } = 10;
    public int NodesPerCluster { get; init; } = 150;
    public int DatabaseInstancesPerProject { get; init; } = 10;

    public void CheckClusters(int existing)
    {
        if (existing >= ClustersPerProject)
        {
            throw ScalewayErrors.QuotasExceeded("k8s_clusters", ClustersPerProject, existing);
        }
    }

    public void CheckNodes(int requested)
    {
        if (requested > NodesPerCluster)
        {
            throw ScalewayErrors.QuotasExceeded("k8s_nodes", NodesPerCluster, requested);
        }
    }

    public void CheckDatabaseInstances(int existing)
    {
        if (existing >= DatabaseInstancesPerProject)
        {
            throw ScalewayErrors.QuotasExceeded("rdb_instances", DatabaseInstancesPerProject, existing);
        }
    }
}
