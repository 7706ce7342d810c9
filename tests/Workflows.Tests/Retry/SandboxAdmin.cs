using System.Net.Http.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace CoderBootstrap.Workflows.Tests.Retry;

/// <summary>The sandbox's admin API over HTTP, as an operator uses it: arm and clear faults, read the request log.</summary>
internal sealed partial class SandboxAdmin(string adminUrl) : IDisposable
{
    /// <summary>The sandbox's operation names of those APIs, for entries logged without a method and path.</summary>
    private static readonly string[] Phase1Operations = ["vpc.", "k8s.clusters", "k8s.pools", "rdb."];

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task SetFaultAsync(string operation, int status, string message)
    {
        using var response = await _http.PostAsJsonAsync($"{adminUrl}/faults", new { operation, status, message });
        response.EnsureSuccessStatusCode();
    }

    public async Task ClearFaultsAsync()
    {
        using var response = await _http.DeleteAsync(new Uri($"{adminUrl}/faults"));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The sequence number of the last request logged so far (0 for none).</summary>
    public async Task<long> LastSequenceAsync() =>
        (await RequestsAsync(mutationsOnly: false, since: 0)).Select(r => r.Sequence).DefaultIfEmpty(0).Max();

    /// <summary>
    /// Phase-1 mutating calls logged after <paramref name="since"/>: POST, PATCH, PUT or DELETE to the
    /// Scaleway Kapsule, RDB or VPC APIs (the cluster's own Kubernetes API is phase 2's).
    /// </summary>
    public async Task<IReadOnlyList<string>> Phase1MutationsSinceAsync(long since) =>
        (await RequestsAsync(mutationsOnly: false, since))
            .Where(r => (r.Method is "POST" or "PATCH" or "PUT" or "DELETE" && r.Path is { } path && Phase1Api().IsMatch(path))
                || (r.Mutation && r.Operation is { } operation && Phase1Operations.Any(operation.StartsWith)))
            .Select(r => $"{r.Method} {r.Path} ({r.Operation})")
            .ToList();

    /// <summary>How many requests were logged after <paramref name="since"/> (to show the retry did call the sandbox).</summary>
    public async Task<int> CountSinceAsync(long since) => (await RequestsAsync(mutationsOnly: false, since)).Count;

    private async Task<List<Entry>> RequestsAsync(bool mutationsOnly, long since) =>
        (await _http.GetFromJsonAsync<Log>($"{adminUrl}/requests?since={since}{(mutationsOnly ? "&mutations=true" : string.Empty)}"))!.Requests;

    [GeneratedRegex("^/(k8s|rdb|vpc)/")]
    private static partial Regex Phase1Api();

    public void Dispose() => _http.Dispose();

    private sealed record Log([property: JsonPropertyName("requests")] List<Entry> Requests);

    private sealed record Entry(
        [property: JsonPropertyName("sequence")] long Sequence,
        [property: JsonPropertyName("operation")] string? Operation,
        [property: JsonPropertyName("method")] string? Method,
        [property: JsonPropertyName("path")] string? Path,
        [property: JsonPropertyName("mutation")] bool Mutation);
}
