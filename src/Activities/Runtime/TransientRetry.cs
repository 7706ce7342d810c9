using Polly;
using Polly.Retry;
using Serilog;

namespace CoderBootstrap.Activities.Runtime;

/// <summary>How many in-call retries a client makes and how long it waits between them.</summary>
public sealed record TransientRetrySettings
{
    public static TransientRetrySettings Default { get; } = new();

    /// <summary>Retries after the first attempt (0 disables them); Temporal retries the whole activity on top.</summary>
    public int MaxRetryAttempts { get; init; } = 3;

    /// <summary>First delay; later ones grow exponentially with jitter up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Upper bound of every delay, including one a server asks for with Retry-After.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(8);
}

/// <summary>The failed call a retry is about, as logged: never a query string nor a body.</summary>
public sealed record RetriedCall(string Client, string Method, string Path, int? StatusCode, string Reason, TimeSpan? RetryAfter);

/// <summary>
/// The one definition of the short in-call retries every client (Scaleway, Kubernetes, Coder, S3)
/// makes for transient HTTP failures: exponential backoff with jitter, a server's Retry-After
/// honoured (capped), each retry logged at warning with the call. Longer outages are left to the
/// Temporal retry policies of the activities.
/// </summary>
public static class TransientRetry
{
    /// <summary>Fills <paramref name="options"/> (a generic or the plain <see cref="RetryStrategyOptions"/>) with the shared rules.</summary>
    /// <param name="describe">
    /// The call behind a failed outcome (the context carries what the caller put there), or null
    /// when the outcome is not transient and must not be retried.
    /// </param>
    public static TOptions Configure<TOptions, TResult>(TOptions options, TransientRetrySettings settings, ILogger logger, Func<Outcome<TResult>, ResilienceContext, RetriedCall?> describe)
        where TOptions : RetryStrategyOptions<TResult>
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(describe);
        options.MaxRetryAttempts = settings.MaxRetryAttempts;
        options.BackoffType = DelayBackoffType.Exponential;
        options.UseJitter = true;
        options.Delay = settings.BaseDelay;
        options.MaxDelay = settings.MaxDelay;
        options.ShouldHandle = args => ValueTask.FromResult(describe(args.Outcome, args.Context) is not null);
        options.DelayGenerator = args => ValueTask.FromResult(
            describe(args.Outcome, args.Context)?.RetryAfter is { } retryAfter
                ? (TimeSpan?)(retryAfter < settings.MaxDelay ? retryAfter : settings.MaxDelay)
                : null);
        options.OnRetry = args =>
        {
            if (describe(args.Outcome, args.Context) is { } call)
            {
                logger.Warning("{Client:l} {Method:l} {Path:l} failed ({Status:l}: {Reason:l}); retry {Attempt} of {MaxAttempts} in {DelayMs} ms",
                    call.Client, call.Method, call.Path, call.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer",
                    call.Reason, args.AttemptNumber + 1, settings.MaxRetryAttempts, (long)args.RetryDelay.TotalMilliseconds);
            }
            return ValueTask.CompletedTask;
        };
        return options;
    }

    /// <summary>The delay a response asks for with Retry-After (seconds or a date), or null.</summary>
    public static TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }
        if (retryAfter?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }

    /// <summary>A path for logs: the query (which may carry signatures or tokens) cut off.</summary>
    public static string StripQuery(string pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        var index = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return index < 0 ? pathAndQuery : pathAndQuery[..index];
    }
}
