using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Setup;
using Temporalio.Common;
using Temporalio.Workflows;

namespace CoderBootstrap.Workflows;

/// <summary>
/// Timeouts and retry policies of the activities, chosen per kind of call. Short in-call retries of
/// transient HTTP errors happen inside the clients (Polly); these policies cover everything longer.
/// Permanent errors (<see cref="ErrorTypes.NonRetryable"/>) are never retried. The retry intervals
/// are multiplied by the run's retry scale (1 in production; a test on a sandbox whose delays are
/// scaled down passes the same factor in the workflow input), timeouts are not.
/// </summary>
public sealed class ActivityPolicies
{
    private static readonly TimeSpan ShortestInterval = TimeSpan.FromMilliseconds(1);

    private readonly double _retryScale;

    private ActivityPolicies(double retryScale) => _retryScale = retryScale;

    /// <summary>The policies at real-world intervals.</summary>
    public static ActivityPolicies Unscaled { get; } = new(1);

    /// <summary>The policies with retry intervals multiplied by <paramref name="retryScale"/> (null or 1: unscaled).</summary>
    public static ActivityPolicies WithRetryScale(double? retryScale) => retryScale switch
    {
        null or 1 => Unscaled,
        > 0 and <= 1 and var scale => new ActivityPolicies(scale),
        _ => throw new ArgumentOutOfRangeException(nameof(retryScale), retryScale, "a retry scale is above 0 and at most 1"),
    };

    /// <summary>
    /// Create-or-adopt calls (private network, cluster, database, manifests): one API round trip
    /// plus the find-before-create reads, 2 minutes is generous; retried for up to ~10 minutes
    /// because a provider incident is worth waiting out.
    /// </summary>
    public ActivityOptions Ensure => new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(2),
        RetryPolicy = Retry(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), maximumAttempts: 12),
    };

    /// <summary>
    /// Waits for Scaleway resources: Kapsule takes ~5 min, a database 5–10 min, so 45 minutes bound
    /// one attempt. The activity heartbeats every poll; a worker dying is noticed within the
    /// heartbeat timeout and the next attempt resumes the wait from its heartbeat.
    /// </summary>
    public ActivityOptions ResourceWait => new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(45),
        HeartbeatTimeout = TimeSpan.FromMinutes(1),
        RetryPolicy = Retry(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1), maximumAttempts: 5),
    };

    /// <summary>
    /// Kubernetes steps that wait on the cluster's controllers: a probe volume to bind, the load
    /// balancer to get its address while the manifests are applied. Minutes on Kapsule, so they
    /// heartbeat every poll instead of living within the two minutes of <see cref="Ensure"/>.
    /// </summary>
    public ActivityOptions KubernetesWait => new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(15),
        HeartbeatTimeout = TimeSpan.FromMinutes(1),
        RetryPolicy = Retry(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), maximumAttempts: 8),
    };

    /// <summary>Waits for the Coder rollout and its load balancer (minutes), heartbeating.</summary>
    public ActivityOptions RolloutWait => new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(20),
        HeartbeatTimeout = TimeSpan.FromMinutes(1),
        RetryPolicy = Retry(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1), maximumAttempts: 5),
    };

    /// <summary>
    /// "Make sure it is gone" deletes waited to their end: Kapsule takes ~75 s, a database ~30 s, the
    /// load balancer of Coder's namespace ~30 s, a private network until its users have let go of it.
    /// 30 minutes bound one attempt; they heartbeat every poll, and a retry starts from what exists (404 is done).
    /// </summary>
    public ActivityOptions DeleteWait => new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(30),
        HeartbeatTimeout = TimeSpan.FromMinutes(1),
        RetryPolicy = Retry(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1), maximumAttempts: 5),
    };

    /// <summary>Template pushes wait for Coder's import job (Terraform init and plan): up to 10 minutes.</summary>
    public ActivityOptions TemplatePush => new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(10),
        HeartbeatTimeout = TimeSpan.FromMinutes(1),
        RetryPolicy = Retry(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1), maximumAttempts: 5),
    };

    /// <summary>
    /// A database dump or restore streamed through object storage: about a minute per GiB, so 6
    /// hours bound one attempt of a large database. The dump heartbeats after every part (seconds
    /// apart), so a lost worker is noticed within 30 s and the next attempt starts a clean object.
    /// </summary>
    public ActivityOptions DatabaseStream => new()
    {
        StartToCloseTimeout = TimeSpan.FromHours(6),
        HeartbeatTimeout = TimeSpan.FromSeconds(30),
        RetryPolicy = Retry(TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1), maximumAttempts: 5),
    };

    /// <summary>Reading back every byte of a backup (checksums, scratch restore): like a dump, bounded at 6 hours, retried a few times.</summary>
    public ActivityOptions BackupRead => new()
    {
        StartToCloseTimeout = TimeSpan.FromHours(6),
        RetryPolicy = Retry(TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1), maximumAttempts: 5),
    };

    /// <summary>Quick reads and writes (plan, state documents, kubeconfig, checks): a minute each, retried briefly.</summary>
    public ActivityOptions Quick => new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(1),
        RetryPolicy = Retry(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20), maximumAttempts: 8),
    };

    /// <summary>
    /// The health checks of a deployed environment: each check is retried inside the activity
    /// (about half a minute) before it counts as failed, so one attempt may take a few minutes; it
    /// heartbeats between checks.
    /// </summary>
    public ActivityOptions HealthChecks => new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(5),
        HeartbeatTimeout = TimeSpan.FromMinutes(1),
        RetryPolicy = Retry(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), maximumAttempts: 5),
    };

    /// <summary>
    /// Hooks are user scripts; the activity enforces the hook's own timeout (killing its process
    /// group) and heartbeats while it runs, so a lost worker is noticed within a minute and the
    /// next attempt kills what the lost one left and runs the hook again. A hook that fails or
    /// times out is not retried (its failure is non-retryable).
    /// </summary>
    /// <param name="hookTimeout">The hook's own timeout when known (older runs do not look it up).</param>
    public ActivityOptions Hook(TimeSpan? hookTimeout) => new()
    {
        StartToCloseTimeout = (hookTimeout ?? HookTimeouts.Maximum) + TimeSpan.FromMinutes(1),
        HeartbeatTimeout = TimeSpan.FromMinutes(1),
        RetryPolicy = Retry(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), maximumAttempts: 3),
    };

    /// <summary>
    /// Notifications: a webhook or SMTP relay answers in seconds (the HTTP client gives up after
    /// 10 s), so 30 s bound an attempt; 5 attempts with backoff ride out a receiver that fails a
    /// few times. After that the caller logs the failure and goes on: a notification never fails the run it reports.
    /// </summary>
    public ActivityOptions Notify => new()
    {
        StartToCloseTimeout = TimeSpan.FromSeconds(30),
        HeartbeatTimeout = TimeSpan.FromSeconds(30),
        RetryPolicy = Retry(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), maximumAttempts: 5),
    };

    private RetryPolicy Retry(TimeSpan initial, TimeSpan maximum, int maximumAttempts) => new()
    {
        InitialInterval = Scale(initial),
        BackoffCoefficient = 2,
        MaximumInterval = Scale(maximum),
        MaximumAttempts = maximumAttempts,
        NonRetryableErrorTypes = ErrorTypes.NonRetryable,
    };

    private TimeSpan Scale(TimeSpan interval)
    {
        var scaled = interval * _retryScale;
        return scaled < ShortestInterval ? ShortestInterval : scaled;
    }
}
