namespace CoderBootstrap.Activities.Scaleway;

/// <summary>IPAM API v1: /ipam/v1/regions/{region}/ips (used to find the private address of a database or node).</summary>
public sealed class ScalewayIpamApi
{
    private readonly ScalewayApiClient _client;

    internal ScalewayIpamApi(ScalewayApiClient client) => _client = client;

    public Task<IReadOnlyList<IpamIp>> ListIpsAsync(string? privateNetworkId = null, string? resourceId = null, string? resourceType = null, CancellationToken cancellationToken = default) =>
        _client.ListAllAsync<ListIpamIpsResponse, IpamIp>($"{_client.RegionPath("ipam", "v1")}/ips",
            new ScalewayQuery().Add("order_by", "created_at_desc").Add("project_id", _client.Options.ProjectId)
                .Add("private_network_id", privateNetworkId).Add("resource_id", resourceId).Add("resource_type", resourceType),
            cancellationToken);
}
