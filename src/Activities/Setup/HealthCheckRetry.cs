using CoderBootstrap.Activities.Coder;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;
using Serilog;

namespace CoderBootstrap.Activities.Setup;

/// <summary>
/// Runs one health check until it passes or has failed <see cref="CoderBootstrapOptions.HealthCheckAttempts"/>
/// times, waiting longer after each failure: a transient error (a rate-limited read, a pod
/// restarting) never fails a deployed environment, a lasting one fails it with the check's reason.
/// </summary>
internal sealed class HealthCheckRetry
{
    private readonly int _attempts;
    private readonly TimeSpan _firstDelay;
    private readonly ILogger _logger;

    public HealthCheckRetry(CoderBootstrapOptions options, ILogger logger)
    {
        _attempts = Math.Max(1, options.HealthCheckAttempts);
        _firstDelay = options.HealthCheckRetryDelay;
        _logger = logger;
    }

    /// <param name="check">Returns what it saw when the check passes; throws with the reason when it fails.</param>
    public async Task<HealthCheckResult> RunAsync(string name, Func<Task<string>> check, CancellationToken cancellationToken)
    {
        var delay = _firstDelay;
        for (var attempt = 1; ; attempt++)
        {
            ActivityRun.Heartbeat($"health check {name}: attempt {attempt} of {_attempts}");
            try
            {
                return new HealthCheckResult(name, true, await check().ConfigureAwait(false));
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                if (attempt >= _attempts)
                {
                    return new HealthCheckResult(name, false, _attempts == 1 ? error.Message : $"{error.Message} (still failing after {attempt} attempts)");
                }

                _logger.Warning("Health check {Check} failed (attempt {Attempt} of {Attempts}): {Reason}; checking again in {DelayMs} ms",
                    name, attempt, _attempts, error.Message, (long)delay.TotalMilliseconds);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay *= 2;
            }
        }
    }
}
