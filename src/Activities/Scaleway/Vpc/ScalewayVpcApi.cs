namespace CoderBootstrap.Activities.Scaleway;

/// <summary>VPC API v2: /vpc/v2/regions/{region}/vpcs and /private-networks.</summary>
public sealed class ScalewayVpcApi
{
    private readonly ScalewayApiClient _client;

    internal ScalewayVpcApi(ScalewayApiClient client) => _client = client;

    private string Root => _client.RegionPath("vpc", "v2");

    public Task<Vpc> CreateVpcAsync(CreateVpcRequest request, CancellationToken cancellationToken = default) =>
        _client.SendAsync<Vpc>(HttpMethod.Post, $"{Root}/vpcs", request, ScalewayCallKind.Create, cancellationToken);

    public Task<Vpc> GetVpcAsync(string vpcId, CancellationToken cancellationToken = default) =>
        _client.SendAsync<Vpc>(HttpMethod.Get, $"{Root}/vpcs/{Escape(vpcId)}", null, ScalewayCallKind.Idempotent, cancellationToken);

    public Task<IReadOnlyList<Vpc>> ListVpcsAsync(string? name = null, IReadOnlyCollection<string>? tags = null, CancellationToken cancellationToken = default) =>
        _client.ListAllAsync<ListVpcsResponse, Vpc>($"{Root}/vpcs",
            new ScalewayQuery().Add("order_by", "created_at_asc").Add("project_id", _client.Options.ProjectId).Add("name", name).AddEach("tags", tags),
            cancellationToken);

    /// <summary>Deletes a VPC; false when it was already gone.</summary>
    public Task<bool> DeleteVpcAsync(string vpcId, CancellationToken cancellationToken = default) =>
        DeleteAsync($"{Root}/vpcs/{Escape(vpcId)}", cancellationToken);

    public Task<PrivateNetwork> CreatePrivateNetworkAsync(CreatePrivateNetworkRequest request, CancellationToken cancellationToken = default) =>
        _client.SendAsync<PrivateNetwork>(HttpMethod.Post, $"{Root}/private-networks", request, ScalewayCallKind.Create, cancellationToken);

    public Task<PrivateNetwork> GetPrivateNetworkAsync(string privateNetworkId, CancellationToken cancellationToken = default) =>
        _client.SendAsync<PrivateNetwork>(HttpMethod.Get, $"{Root}/private-networks/{Escape(privateNetworkId)}", null, ScalewayCallKind.Idempotent, cancellationToken);

    public Task<IReadOnlyList<PrivateNetwork>> ListPrivateNetworksAsync(string? name = null, IReadOnlyCollection<string>? tags = null, string? vpcId = null, CancellationToken cancellationToken = default) =>
        _client.ListAllAsync<ListPrivateNetworksResponse, PrivateNetwork>($"{Root}/private-networks",
            new ScalewayQuery().Add("order_by", "created_at_asc").Add("project_id", _client.Options.ProjectId).Add("name", name).AddEach("tags", tags).Add("vpc_id", vpcId),
            cancellationToken);

    /// <summary>The private network with this exact name carrying all <paramref name="tags"/>, or null.</summary>
    public async Task<PrivateNetwork?> FindPrivateNetworkAsync(string name, IReadOnlyCollection<string> tags, CancellationToken cancellationToken = default)
    {
        var candidates = await ListPrivateNetworksAsync(name, tags, cancellationToken: cancellationToken).ConfigureAwait(false);
        return ScalewayResourceMatch.SingleOrNone(ScalewayResourceMatch.ByNameAndTags(candidates, name, tags), "private network", name);
    }

    /// <summary>Deletes a private network; false when it was already gone.</summary>
    public Task<bool> DeletePrivateNetworkAsync(string privateNetworkId, CancellationToken cancellationToken = default) =>
        DeleteAsync($"{Root}/private-networks/{Escape(privateNetworkId)}", cancellationToken);

    private Task<bool> DeleteAsync(string path, CancellationToken cancellationToken) => _client.DeleteAsync(path, cancellationToken);

    private static string Escape(string id) => ScalewayApiClient.Escape(id);
}
