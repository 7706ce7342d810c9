using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CoderBootstrap.Activities.Runtime;
using Polly;
using Polly.Retry;
using Serilog;

namespace CoderBootstrap.Activities.Scaleway;

/// <summary>
/// Typed, async client of the Scaleway API (and of the sandbox that imitates it): JSON in
/// snake_case, X-Auth-Token authentication, paginated lists read to the end, errors turned into
/// <see cref="ScalewayApiException"/>, short in-call retries with exponential backoff and jitter
/// following the rule of <see cref="ScalewayCallKind"/>. Products are grouped in
/// <see cref="Vpc"/>, <see cref="Kapsule"/>, <see cref="Rdb"/>, <see cref="Lb"/>, <see cref="Block"/>,
/// <see cref="Ipam"/> and <see cref="Instance"/>.
/// </summary>
public sealed class ScalewayApiClient
{
    private const int MaxPages = 10_000;

    private static readonly ResiliencePropertyKey<(string Method, string Path)> CallKey = new("scaleway.call");

    private readonly HttpClient _http;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _idempotentPipeline;
    private readonly ResiliencePipeline _createPipeline;

    public ScalewayApiClient(HttpClient httpClient, ScalewayClientOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.SecretKey);
        _http = httpClient;
        Options = options;
        _logger = (logger ?? Serilog.Core.Logger.None).ForContext<ScalewayApiClient>();
        _idempotentPipeline = BuildPipeline(ShouldRetryIdempotent);
        _createPipeline = BuildPipeline(ShouldRetryCreate);
        Vpc = new ScalewayVpcApi(this);
        Kapsule = new ScalewayKapsuleApi(this);
        Rdb = new ScalewayRdbApi(this);
        Lb = new ScalewayLbApi(this);
        Block = new ScalewayBlockApi(this);
        Ipam = new ScalewayIpamApi(this);
        Instance = new ScalewayInstanceApi(this);
        Billing = new ScalewayBillingApi(this);
    }

    /// <summary>A client for the API named by the credentials (real Scaleway or the sandbox via SCW_API_URL).</summary>
    public static ScalewayApiClient FromCredentials(HttpClient httpClient, Environments.ScalewayCredentials credentials, ILogger? logger = null) =>
        new(httpClient, ScalewayClientOptions.FromCredentials(credentials), logger);

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public ScalewayClientOptions Options { get; }

    public ScalewayVpcApi Vpc { get; }

    public ScalewayKapsuleApi Kapsule { get; }

    public ScalewayRdbApi Rdb { get; }

    public ScalewayLbApi Lb { get; }

    public ScalewayBlockApi Block { get; }

    public ScalewayIpamApi Ipam { get; }

    public ScalewayInstanceApi Instance { get; }

    public ScalewayBillingApi Billing { get; }

    /// <summary>Sends one call and reads its JSON body as <typeparamref name="T"/>.</summary>
    public async Task<T> SendAsync<T>(HttpMethod method, string pathAndQuery, object? body, ScalewayCallKind kind, CancellationToken cancellationToken)
    {
        var result = await SendForResponseAsync<T>(method, pathAndQuery, body, kind, cancellationToken).ConfigureAwait(false);
        return result.Body ?? throw new ScalewayApiException(method.Method, StripQuery(pathAndQuery), result.StatusCode, null, "the response has no body");
    }

    /// <summary>Sends one call whose answer carries no body worth reading (204 No Content or ignored).</summary>
    public async Task SendAsync(HttpMethod method, string pathAndQuery, object? body, ScalewayCallKind kind, CancellationToken cancellationToken)
    {
        await SendForResponseAsync<JsonElement?>(method, pathAndQuery, body, kind, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads one page of a list (page is 1-based).</summary>
    public Task<TPage> GetPageAsync<TPage>(string path, ScalewayQuery? query, int page, int? pageSize, CancellationToken cancellationToken)
    {
        var pageQuery = (query ?? new ScalewayQuery()).Copy().Add("page", page).Add("page_size", pageSize);
        return SendAsync<TPage>(HttpMethod.Get, pageQuery.AppendTo(path), null, ScalewayCallKind.Idempotent, cancellationToken);
    }

    /// <summary>Reads every page of a list until the items seen reach total_count or a page comes back empty.</summary>
    public async Task<IReadOnlyList<TItem>> ListAllAsync<TPage, TItem>(string path, ScalewayQuery? query, CancellationToken cancellationToken)
        where TPage : IScalewayPage<TItem>
    {
        var items = new List<TItem>();
        for (var page = 1; page <= MaxPages; page++)
        {
            var response = await GetPageAsync<TPage>(path, query, page, Options.PageSize, cancellationToken).ConfigureAwait(false);
            var pageItems = response.Items ?? [];
            items.AddRange(pageItems);
            if (pageItems.Count == 0 || items.Count >= response.TotalCount)
            {
                return items;
            }
        }
        throw new InvalidOperationException($"listing {path} did not end after {MaxPages} pages");
    }

    /// <summary>DELETE answered with 204 or an ignored body; false when the resource was already gone (404).</summary>
    internal async Task<bool> DeleteAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(HttpMethod.Delete, pathAndQuery, null, ScalewayCallKind.Idempotent, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ScalewayApiException ex) when (ex.IsNotFound)
        {
            return false;
        }
    }

    /// <summary>DELETE answered with the resource in its "deleting" state; null when it was already gone (404).</summary>
    internal async Task<T?> DeleteReturningAsync<T>(string pathAndQuery, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await SendAsync<T>(HttpMethod.Delete, pathAndQuery, null, ScalewayCallKind.Idempotent, cancellationToken).ConfigureAwait(false);
        }
        catch (ScalewayApiException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    internal static string Escape(string segment) => Uri.EscapeDataString(segment);

    internal string RegionPath(string product, string version) => $"/{product}/{version}/regions/{Options.Region}";

    internal string ZonePath(string product, string version, string? zone = null) => $"/{product}/{version}/zones/{zone ?? Options.Zone}";

    internal async Task<ScalewayResponse<T>> SendForResponseAsync<T>(HttpMethod method, string pathAndQuery, object? body, ScalewayCallKind kind, CancellationToken cancellationToken)
    {
        if (!pathAndQuery.StartsWith('/'))
        {
            throw new ArgumentException("the path must start with '/'", nameof(pathAndQuery));
        }
        var pipeline = kind == ScalewayCallKind.Create ? _createPipeline : _idempotentPipeline;
        var payload = body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), JsonOptions);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(CallKey, (method.Method, StripQuery(pathAndQuery)));
        try
        {
            return await pipeline.ExecuteAsync(
                async (ctx, state) => await SendOnceAsync<T>(state.method, state.pathAndQuery, state.payload, ctx.CancellationToken).ConfigureAwait(false),
                context,
                (method, pathAndQuery, payload)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<ScalewayResponse<T>> SendOnceAsync<T>(HttpMethod method, string pathAndQuery, byte[]? payload, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, BuildUri(pathAndQuery));
        request.Headers.TryAddWithoutValidation("X-Auth-Token", Options.SecretKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (payload is not null)
        {
            request.Content = new ByteArrayContent(payload);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        var stopwatch = Stopwatch.StartNew();
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        _logger.Debug("Scaleway {Method} {Path} answered {StatusCode} in {ElapsedMs} ms",
            method.Method, StripQuery(pathAndQuery), (int)response.StatusCode, stopwatch.ElapsedMilliseconds);

        if (!response.IsSuccessStatusCode)
        {
            throw ScalewayErrorParser.ToException(method.Method, StripQuery(pathAndQuery), response.StatusCode, response.ReasonPhrase, bytes, TransientRetry.RetryAfterOf(response));
        }
        if (bytes.Length == 0 || response.StatusCode == HttpStatusCode.NoContent)
        {
            return new ScalewayResponse<T>(response.StatusCode, default, response.Headers);
        }
        try
        {
            return new ScalewayResponse<T>(response.StatusCode, JsonSerializer.Deserialize<T>(bytes, JsonOptions), response.Headers);
        }
        catch (JsonException ex)
        {
            throw new ScalewayApiException(method.Method, StripQuery(pathAndQuery), response.StatusCode, null,
                $"the response body is not the expected {typeof(T).Name} JSON: {ex.Message}");
        }
    }

    private Uri BuildUri(string pathAndQuery)
    {
        var root = Options.BaseUrl.ToString().TrimEnd('/');
        return new Uri(root + pathAndQuery, UriKind.Absolute);
    }

    private static string StripQuery(string pathAndQuery) => TransientRetry.StripQuery(pathAndQuery);

    private static bool ShouldRetryIdempotent(Exception exception) => exception switch
    {
        ScalewayApiException api => api.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
            or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
            || api.IsTransientState,
        HttpRequestException => true,
        // HttpClient reports its own timeout as a TaskCanceledException wrapping a TimeoutException.
        TaskCanceledException { InnerException: TimeoutException } => true,
        _ => false,
    };

    private static bool ShouldRetryCreate(Exception exception) =>
        exception is ScalewayApiException { StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable };

    private ResiliencePipeline BuildPipeline(Func<Exception, bool> shouldRetry)
    {
        if (Options.MaxRetryAttempts <= 0)
        {
            return ResiliencePipeline.Empty;
        }
        var settings = new TransientRetrySettings
        {
            MaxRetryAttempts = Options.MaxRetryAttempts,
            BaseDelay = Options.RetryBaseDelay,
            MaxDelay = Options.RetryMaxDelay,
        };
        return new ResiliencePipelineBuilder()
            .AddRetry(TransientRetry.Configure(new RetryStrategyOptions(), settings, _logger, (Outcome<object> outcome, ResilienceContext context) =>
            {
                if (outcome.Exception is not { } exception || !shouldRetry(exception))
                {
                    return null;
                }
                var (method, path) = context.Properties.GetValue(CallKey, ("?", "?"));
                var api = exception as ScalewayApiException;
                return new RetriedCall("Scaleway", method, path, api is null ? null : (int)api.StatusCode, api?.ApiMessage ?? exception.Message, api?.RetryAfter);
            }))
            .Build();
    }

    internal static string FormatInvariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    internal static string DecodeBase64Text(string content) => Encoding.UTF8.GetString(Convert.FromBase64String(content));
}
