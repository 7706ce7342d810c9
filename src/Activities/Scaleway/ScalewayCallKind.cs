namespace CoderBootstrap.Activities.Scaleway;

/// <summary>
/// Decides which failures a call may retry by itself. Rule: a call is retried in-call only when
/// repeating it cannot create or change anything twice.
/// <list type="bullet">
/// <item><see cref="Idempotent"/> (GET, DELETE, PUT/PATCH with absolute values): retried on 429,
/// 500/502/503/504, 409 transient_state and on connection failures or timeouts.</item>
/// <item><see cref="Create"/> (POST that creates or triggers something): retried only on 429 (the
/// rate limiter answers before the request reaches the service) and 503 (service unavailable:
/// the request was refused, not processed). A 500/502/504 or a lost connection may hide a create
/// that happened, so it is not repeated here; the workflow re-runs its find-by-name-and-tags step
/// before creating again.</item>
/// </list>
/// </summary>
public enum ScalewayCallKind
{
    Idempotent,
    Create,
}
