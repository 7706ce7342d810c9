namespace CoderBootstrap.Activities.Scaleway;

/// <summary>Kubernetes Kapsule API v1: /k8s/v1/regions/{region}/clusters, /pools, /nodes, /versions.</summary>
public sealed class ScalewayKapsuleApi
{
    private readonly ScalewayApiClient _client;

    internal ScalewayKapsuleApi(ScalewayApiClient client) => _client = client;

    private string Root => _client.RegionPath("k8s", "v1");

    public Task<Cluster> CreateClusterAsync(CreateClusterRequest request, CancellationToken cancellationToken = default) =>
        _client.SendAsync<Cluster>(HttpMethod.Post, $"{Root}/clusters", request, ScalewayCallKind.Create, cancellationToken);

    public Task<Cluster> GetClusterAsync(string clusterId, CancellationToken cancellationToken = default) =>
        _client.SendAsync<Cluster>(HttpMethod.Get, $"{Root}/clusters/{Escape(clusterId)}", null, ScalewayCallKind.Idempotent, cancellationToken);

    public Task<IReadOnlyList<Cluster>> ListClustersAsync(string? name = null, CancellationToken cancellationToken = default) =>
        _client.ListAllAsync<ListClustersResponse, Cluster>($"{Root}/clusters",
            new ScalewayQuery().Add("order_by", "created_at_asc").Add("project_id", _client.Options.ProjectId).Add("name", name),
            cancellationToken);

    /// <summary>The cluster with this exact name carrying all <paramref name="tags"/> (the API filters clusters by name only), or null.</summary>
    public async Task<Cluster?> FindClusterAsync(string name, IReadOnlyCollection<string> tags, CancellationToken cancellationToken = default)
    {
        var candidates = await ListClustersAsync(name, cancellationToken).ConfigureAwait(false);
        return ScalewayResourceMatch.SingleOrNone(ScalewayResourceMatch.ByNameAndTags(candidates, name, tags), "cluster", name);
    }

    /// <summary>
    /// Deletes a cluster; with <paramref name="withAdditionalResources"/> also its volumes, empty
    /// private networks and load balancers named after it. Returns the cluster in "deleting", or
    /// null when it was already gone.
    /// </summary>
    public Task<Cluster?> DeleteClusterAsync(string clusterId, bool withAdditionalResources, CancellationToken cancellationToken = default) =>
        _client.DeleteReturningAsync<Cluster>(
            new ScalewayQuery().Add("with_additional_resources", withAdditionalResources).AppendTo($"{Root}/clusters/{Escape(clusterId)}"),
            cancellationToken);

    /// <summary>The cluster's admin kubeconfig as YAML text (decoded from the API's base64 File object). It holds a credential: never log it.</summary>
    public async Task<string> GetKubeconfigAsync(string clusterId, bool redacted = false, CancellationToken cancellationToken = default)
    {
        var path = redacted
            ? new ScalewayQuery().Add("redacted", true).AppendTo($"{Root}/clusters/{Escape(clusterId)}/kubeconfig")
            : $"{Root}/clusters/{Escape(clusterId)}/kubeconfig";
        var file = await _client.SendAsync<ScalewayFile>(HttpMethod.Get, path, null, ScalewayCallKind.Idempotent, cancellationToken).ConfigureAwait(false);
        return ScalewayApiClient.DecodeBase64Text(file.Content);
    }

    public Task<Pool> CreatePoolAsync(string clusterId, CreatePoolRequest request, CancellationToken cancellationToken = default) =>
        _client.SendAsync<Pool>(HttpMethod.Post, $"{Root}/clusters/{Escape(clusterId)}/pools", request, ScalewayCallKind.Create, cancellationToken);

    public Task<Pool> GetPoolAsync(string poolId, CancellationToken cancellationToken = default) =>
        _client.SendAsync<Pool>(HttpMethod.Get, $"{Root}/pools/{Escape(poolId)}", null, ScalewayCallKind.Idempotent, cancellationToken);

    public Task<IReadOnlyList<Pool>> ListPoolsAsync(string clusterId, string? name = null, CancellationToken cancellationToken = default) =>
        _client.ListAllAsync<ListPoolsResponse, Pool>($"{Root}/clusters/{Escape(clusterId)}/pools",
            new ScalewayQuery().Add("order_by", "created_at_asc").Add("name", name),
            cancellationToken);

    public Task<Pool> UpdatePoolAsync(string poolId, UpdatePoolRequest request, CancellationToken cancellationToken = default) =>
        _client.SendAsync<Pool>(HttpMethod.Patch, $"{Root}/pools/{Escape(poolId)}", request, ScalewayCallKind.Idempotent, cancellationToken);

    /// <summary>Deletes a pool; returns it in "deleting", or null when it was already gone.</summary>
    public Task<Pool?> DeletePoolAsync(string poolId, CancellationToken cancellationToken = default) =>
        _client.DeleteReturningAsync<Pool>($"{Root}/pools/{Escape(poolId)}", cancellationToken);

    public Task<IReadOnlyList<Node>> ListNodesAsync(string clusterId, string? poolId = null, CancellationToken cancellationToken = default) =>
        _client.ListAllAsync<ListNodesResponse, Node>($"{Root}/clusters/{Escape(clusterId)}/nodes",
            new ScalewayQuery().Add("order_by", "created_at_asc").Add("pool_id", poolId),
            cancellationToken);

    public async Task<IReadOnlyList<KubernetesVersion>> ListVersionsAsync(CancellationToken cancellationToken = default)
    {
        var response = await _client.SendAsync<ListVersionsResponse>(HttpMethod.Get, $"{Root}/versions", null, ScalewayCallKind.Idempotent, cancellationToken).ConfigureAwait(false);
        return response.Versions ?? [];
    }

    public Task<KubernetesVersion> GetVersionAsync(string versionName, CancellationToken cancellationToken = default) =>
        _client.SendAsync<KubernetesVersion>(HttpMethod.Get, $"{Root}/versions/{Escape(versionName)}", null, ScalewayCallKind.Idempotent, cancellationToken);

    /// <summary>
    /// Maps a requested version to an offered one: an exact name ("1.35.3") is returned as is, a
    /// minor ("1.35") becomes its newest offered patch. Throws listing the offered versions otherwise.
    /// </summary>
    public async Task<KubernetesVersion> ResolveVersionAsync(string requested, CancellationToken cancellationToken = default)
    {
        var versions = await ListVersionsAsync(cancellationToken).ConfigureAwait(false);
        var exact = versions.FirstOrDefault(v => v.Name == requested);
        if (exact is not null)
        {
            return exact;
        }
        var newestPatch = versions
            .Where(v => v.Name.StartsWith(requested + ".", StringComparison.Ordinal) && Version.TryParse(v.Name, out _))
            .MaxBy(v => Version.Parse(v.Name));
        return newestPatch ?? throw new InvalidOperationException(
            $"Kubernetes version '{requested}' is not offered in {_client.Options.Region}; offered: {string.Join(", ", versions.Select(v => v.Name))}");
    }

    private static string Escape(string id) => ScalewayApiClient.Escape(id);
}
