using System.Net;
using Polly;
using Polly.Retry;
using Serilog;

namespace CoderBootstrap.Activities.Runtime;

/// <summary>
/// Retries a call answered 429 (rate limited) or 503 (unavailable) with <see cref="TransientRetry"/>'s
/// backoff, jitter and Retry-After rule. Those two answers mean the server did not act on the
/// request, so retrying is safe for every method, a create included. Request bodies are buffered
/// once so each attempt sends the same bytes. Used by the Kubernetes, Coder and S3 clients.
/// </summary>
public sealed class TransientHttpRetryHandler : DelegatingHandler
{
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public TransientHttpRetryHandler(string client, ILogger? logger = null, TransientRetrySettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(client);
        var retry = settings ?? TransientRetrySettings.Default;
        _pipeline = retry.MaxRetryAttempts <= 0
            ? ResiliencePipeline<HttpResponseMessage>.Empty
            : new ResiliencePipelineBuilder<HttpResponseMessage>()
                .AddRetry(TransientRetry.Configure(new RetryStrategyOptions<HttpResponseMessage>(), retry, logger ?? Serilog.Log.Logger, (Outcome<HttpResponseMessage> outcome, ResilienceContext _) => Describe(client, outcome)))
                .Build();
    }

    /// <summary>The handler over a fresh socket handler, for clients that build their own HttpClient.</summary>
    public static TransientHttpRetryHandler OverSockets(string client, ILogger? logger = null, TransientRetrySettings? settings = null) =>
        new(client, logger, settings) { InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) } };

    public static bool IsTransient(HttpStatusCode status) => status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        return await _pipeline.ExecuteAsync(
            static async (state, token) => await state.Handler.SendOnceAsync(state.Request, token).ConfigureAwait(false),
            (Handler: this, Request: request),
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.RequestMessage ??= request;
        return response;
    }

    private static RetriedCall? Describe(string client, Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Result is not { } response || !IsTransient(response.StatusCode))
        {
            return null;
        }
        var request = response.RequestMessage;
        return new RetriedCall(client, request?.Method.Method ?? "?", request?.RequestUri?.AbsolutePath ?? "?", (int)response.StatusCode,
            response.ReasonPhrase ?? response.StatusCode.ToString(), TransientRetry.RetryAfterOf(response));
    }
}
