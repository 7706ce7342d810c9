namespace CoderBootstrap.Activities.Scaleway;

/// <summary>
/// Block Storage API v1 (zoned): /block/v1/zones/{zone}/volumes. The volumes are made by the
/// cluster's CSI driver, so this API only discovers (for teardown) and deletes.
/// </summary>
public sealed class ScalewayBlockApi
{
    private readonly ScalewayApiClient _client;

    internal ScalewayBlockApi(ScalewayApiClient client) => _client = client;

    private string Root(string? zone) => _client.ZonePath("block", "v1", zone);

    public Task<IReadOnlyList<BlockVolume>> ListVolumesAsync(string? name = null, string? zone = null, CancellationToken cancellationToken = default) =>
        _client.ListAllAsync<ListBlockVolumesResponse, BlockVolume>($"{Root(zone)}/volumes",
            new ScalewayQuery().Add("order_by", "created_at_asc").Add("project_id", _client.Options.ProjectId).Add("name", name),
            cancellationToken);

    public Task<BlockVolume> GetVolumeAsync(string volumeId, string? zone = null, CancellationToken cancellationToken = default) =>
        _client.SendAsync<BlockVolume>(HttpMethod.Get, $"{Root(zone)}/volumes/{ScalewayApiClient.Escape(volumeId)}", null, ScalewayCallKind.Idempotent, cancellationToken);

    /// <summary>Deletes a volume (answers 204; 412 while it is still attached); false when it was already gone.</summary>
    public Task<bool> DeleteVolumeAsync(string volumeId, string? zone = null, CancellationToken cancellationToken = default) =>
        _client.DeleteAsync($"{Root(zone)}/volumes/{ScalewayApiClient.Escape(volumeId)}", cancellationToken);
}
