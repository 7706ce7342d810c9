using System.Net;
using System.Text.Json;
using k8s.Autorest;
using Temporalio.Exceptions;
using Temporalio.Worker.Interceptors;

namespace CoderBootstrap.Activities.Runtime;

/// <summary>
/// Turns the Kubernetes API answers that a retry cannot fix — 401 (bad token), 403 (forbidden), 422
/// (invalid object) — into non-retryable failures with a clear message, for every activity, so a
/// broken kubeconfig or manifest fails the run at once instead of after every retry. The original
/// exception stays the cause; of the answer only the API's one-line status message reaches the
/// history, never its raw body (which may echo the object sent, a secret's data included).
/// </summary>
public sealed class PermanentKubernetesErrorsInterceptor : IWorkerInterceptor
{
    public ActivityInboundInterceptor InterceptActivity(ActivityInboundInterceptor nextInterceptor) => new Inbound(nextInterceptor);

    internal static ApplicationFailureException? Map(Exception error) => error switch
    {
        HttpOperationException { Response.StatusCode: HttpStatusCode.Unauthorized } e =>
            ActivityFailure.Permanent(FailureKind.AuthenticationFailed, $"the Kubernetes API refused the credentials: {Reason(e)}", e),
        HttpOperationException { Response.StatusCode: HttpStatusCode.Forbidden } e =>
            ActivityFailure.Permanent(FailureKind.PermissionDenied, $"the Kubernetes API denied the call: {Reason(e)}", e),
        HttpOperationException { Response.StatusCode: HttpStatusCode.UnprocessableEntity } e =>
            ActivityFailure.Permanent(FailureKind.InvalidArguments, $"the Kubernetes API rejected an object as invalid: {Reason(e)}", e),
        _ => null,
    };

    /// <summary>The <c>message</c> of the API's Status answer, or the status code when the answer is not one.</summary>
    private static string Reason(HttpOperationException error)
    {
        var fallback = $"HTTP {(int)error.Response.StatusCode}";
        try
        {
            using var status = JsonDocument.Parse(error.Response.Content ?? string.Empty);
            return status.RootElement.ValueKind == JsonValueKind.Object
                && status.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String
                && message.GetString() is { Length: > 0 } text
                    ? text
                    : fallback;
        }
        catch (JsonException)
        {
            return fallback;
        }
    }

    private sealed class Inbound : ActivityInboundInterceptor
    {
        public Inbound(ActivityInboundInterceptor next)
            : base(next)
        {
        }

        public override async Task<object?> ExecuteActivityAsync(ExecuteActivityInput input)
        {
            try
            {
                return await base.ExecuteActivityAsync(input).ConfigureAwait(false);
            }
            catch (Exception error) when (Map(error) is { } permanent)
            {
#pragma warning disable MA0027 // throws the non-retryable failure mapped from the error, not the error itself
                throw permanent;
#pragma warning restore MA0027
            }
        }
    }
}
