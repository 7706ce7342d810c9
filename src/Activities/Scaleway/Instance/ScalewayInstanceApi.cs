using System.Globalization;

namespace CoderBootstrap.Activities.Scaleway;

/// <summary>Instance API v1 (zoned), used for public server prices: /instance/v1/zones/{zone}/products/servers.</summary>
public sealed class ScalewayInstanceApi
{
    private readonly ScalewayApiClient _client;

    internal ScalewayInstanceApi(ScalewayApiClient client) => _client = client;

    /// <summary>
    /// Every server type with its hourly and monthly price. This list is paged with per_page and
    /// counted in the X-Total-Count header (not total_count), so it is read page by page until the
    /// header's count is reached or a page is empty.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, ServerType>> ListServerTypesAsync(string? zone = null, CancellationToken cancellationToken = default)
    {
        var all = new Dictionary<string, ServerType>(StringComparer.Ordinal);
        var path = $"{_client.ZonePath("instance", "v1", zone)}/products/servers";
        for (var page = 1; page <= 1_000; page++)
        {
            var query = new ScalewayQuery().Add("page", page).Add("per_page", _client.Options.PageSize);
            var response = await _client.SendForResponseAsync<ListServerTypesResponse>(HttpMethod.Get, query.AppendTo(path), null, ScalewayCallKind.Idempotent, cancellationToken).ConfigureAwait(false);
            var servers = response.Body?.Servers ?? new Dictionary<string, ServerType>();
            foreach (var (name, type) in servers)
            {
                all[name] = type;
            }
            var total = response.Headers.TryGetValues("X-Total-Count", out var values)
                && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                ? count
                : all.Count;
            if (servers.Count == 0 || all.Count >= total)
            {
                break;
            }
        }
        return all;
    }
}
