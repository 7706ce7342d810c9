using CoderBootstrap.Activities.Environments;

namespace CoderBootstrap.Activities.Scaleway;

/// <summary>Where and how <see cref="ScalewayApiClient"/> talks to the Scaleway API (or the local sandbox).</summary>
public sealed class ScalewayClientOptions
{
    /// <summary>API root, https://api.scaleway.com or the sandbox's base URL (may carry a path prefix).</summary>
    public Uri BaseUrl { get; init; } = ScalewayCredentials.DefaultApiUrl;

    /// <summary>Sent as X-Auth-Token; never logged, never part of <see cref="ToString"/>, never serialized.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public required string SecretKey { get; init; }

    public required string ProjectId { get; init; }

    public string Region { get; init; } = "fr-par";

    public string Zone { get; init; } = "fr-par-1";

    /// <summary>In-call retries of transient failures (0 disables them); workflows add their own retries on top.</summary>
    public int MaxRetryAttempts { get; init; } = 3;

    /// <summary>First retry delay; later ones grow exponentially with jitter up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>page_size sent by list helpers (Scaleway accepts at most 100).</summary>
    public int PageSize { get; init; } = 100;

    public static ScalewayClientOptions FromCredentials(ScalewayCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return new ScalewayClientOptions
        {
            BaseUrl = credentials.ApiUrl,
            SecretKey = credentials.SecretKey,
            ProjectId = credentials.ProjectId,
            Region = credentials.Region,
            Zone = credentials.Zone,
        };
    }

    public override string ToString() => $"ScalewayClientOptions {{ BaseUrl = {BaseUrl}, ProjectId = {ProjectId}, Region = {Region}, Zone = {Zone}, SecretKey = (hidden) }}";
}
