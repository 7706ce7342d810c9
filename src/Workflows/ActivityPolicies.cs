using CoderBootstrap.Activities.Runtime;
using Temporalio.Common;
using Temporalio.Workflows;

namespace CoderBootstrap.Workflows;

/// <summary>
/// Timeouts and retry policies of the activities, chosen per kind of call. Short in-call retries of
/// transient HTTP errors happen inside the clients (Polly); these policies cover everything longer.
/// Permanent errors (<see cref="ErrorTypes.NonRetryable"/>) are never retried.
/// </summary>
public static class ActivityPolicies
{
    /// <summary>
    /// Create-or-adopt calls (private network, cluster, database, manifests): one API round trip
    /// plus the find-before-create reads, 2 minutes is generous; retried for up to ~10 minutes
    /// because a provider incident is worth waiting out.
    /// </summary>
    public static ActivityOptions Ensure => new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(2),
        RetryPolicy = Retry(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), maximumAttempts: 12),
    };

    /// <summary>
    /// Waits for Scaleway resources: Kapsule takes ~5 min, a database 5–10 min, so 45 minutes bound
    /// one attempt. The activity heartbeats every poll; a worker dying is noticed within the
    /// heartbeat timeout and the next attempt resumes the wait from its heartbeat.
    /// </summary>
    public static ActivityOptions ResourceWait => new()
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
    public static ActivityOptions KubernetesWait => new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(15),
        HeartbeatTimeout = TimeSpan.FromMinutes(1),
        RetryPolicy = Retry(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), maximumAttempts: 8),
    };

    /// <summary>Waits for the Coder rollout and its load balancer (minutes), heartbeating.</summary>
    public static ActivityOptions RolloutWait => new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(20),
        HeartbeatTimeout = TimeSpan.FromMinutes(1),
        RetryPolicy = Retry(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1), maximumAttempts: 5),
    };

    /// <summary>Template pushes wait for Coder's import job (Terraform init and plan): up to 10 minutes.</summary>
    public static ActivityOptions TemplatePush => new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(10),
        HeartbeatTimeout = TimeSpan.FromMinutes(1),
        RetryPolicy = Retry(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1), maximumAttempts: 5),
    };

    /// <summary>Quick reads and writes (plan, state documents, kubeconfig, checks): a minute each, retried briefly.</summary>
    public static ActivityOptions Quick => new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(1),
        RetryPolicy = Retry(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20), maximumAttempts: 8),
    };

    /// <summary>Hooks are user scripts with their own timeout (enforced by the activity); never retried automatically.</summary>
    public static ActivityOptions Hook => new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(15),
        RetryPolicy = new RetryPolicy { MaximumAttempts = 1 },
    };

    private static RetryPolicy Retry(TimeSpan initial, TimeSpan maximum, int maximumAttempts) => new()
    {
        InitialInterval = initial,
        BackoffCoefficient = 2,
        MaximumInterval = maximum,
        MaximumAttempts = maximumAttempts,
        NonRetryableErrorTypes = ErrorTypes.NonRetryable,
    };
}
