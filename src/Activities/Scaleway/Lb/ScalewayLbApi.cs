namespace CoderBootstrap.Activities.Scaleway;

/// <summary>
/// Load Balancer API v1 (zoned): /lb/v1/zones/{zone}/lbs and /ips. Coder's load balancer is made
/// by the cluster's cloud controller, so this API only discovers (for cost and teardown) and deletes.
/// </summary>
public sealed class ScalewayLbApi
{
    private readonly ScalewayApiClient _client;

    internal ScalewayLbApi(ScalewayApiClient client) => _client = client;

    private string Root(string? zone) => _client.ZonePath("lb", "v1", zone);

    public Task<IReadOnlyList<LoadBalancer>> ListLoadBalancersAsync(string? name = null, IReadOnlyCollection<string>? tags = null, string? zone = null, CancellationToken cancellationToken = default) =>
        _client.ListAllAsync<ListLoadBalancersResponse, LoadBalancer>($"{Root(zone)}/lbs",
            new ScalewayQuery().Add("order_by", "created_at_asc").Add("project_id", _client.Options.ProjectId).Add("name", name).AddEach("tags", tags),
            cancellationToken);

    public Task<LoadBalancer> GetLoadBalancerAsync(string loadBalancerId, string? zone = null, CancellationToken cancellationToken = default) =>
        _client.SendAsync<LoadBalancer>(HttpMethod.Get, $"{Root(zone)}/lbs/{Escape(loadBalancerId)}", null, ScalewayCallKind.Idempotent, cancellationToken);

    /// <summary>Deletes a load balancer (answers 204; the LB then shows "to_delete"); false when it was already gone.</summary>
    public Task<bool> DeleteLoadBalancerAsync(string loadBalancerId, bool releaseIp, string? zone = null, CancellationToken cancellationToken = default) =>
        _client.DeleteAsync(new ScalewayQuery().Add("release_ip", releaseIp).AppendTo($"{Root(zone)}/lbs/{Escape(loadBalancerId)}"), cancellationToken);

    public Task<IReadOnlyList<LoadBalancerIp>> ListIpsAsync(string? zone = null, CancellationToken cancellationToken = default) =>
        _client.ListAllAsync<ListLoadBalancerIpsResponse, LoadBalancerIp>($"{Root(zone)}/ips",
            new ScalewayQuery().Add("project_id", _client.Options.ProjectId), cancellationToken);

    public Task<LoadBalancerIp> GetIpAsync(string ipId, string? zone = null, CancellationToken cancellationToken = default) =>
        _client.SendAsync<LoadBalancerIp>(HttpMethod.Get, $"{Root(zone)}/ips/{Escape(ipId)}", null, ScalewayCallKind.Idempotent, cancellationToken);

    /// <summary>Releases a flexible IP; false when it was already gone.</summary>
    public Task<bool> DeleteIpAsync(string ipId, string? zone = null, CancellationToken cancellationToken = default) =>
        _client.DeleteAsync($"{Root(zone)}/ips/{Escape(ipId)}", cancellationToken);

    private static string Escape(string id) => ScalewayApiClient.Escape(id);
}
