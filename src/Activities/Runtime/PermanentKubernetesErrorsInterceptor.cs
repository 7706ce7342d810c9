using System.Net;
using k8s.Autorest;
using Temporalio.Exceptions;
using Temporalio.Worker.Interceptors;

namespace CoderBootstrap.Activities.Runtime;

/// <summary>
/// Turns the Kubernetes API answers that a retry cannot fix — 401 (bad token), 403 (forbidden), 422
/// (invalid object) — into non-retryable failures with a clear message, for every activity, so a
/// broken kubeconfig or manifest fails the run at once instead of after every retry.
/// </summary>
public sealed class PermanentKubernetesErrorsInterceptor : IWorkerInterceptor
{
    public ActivityInboundInterceptor InterceptActivity(ActivityInboundInterceptor nextInterceptor) => new Inbound(nextInterceptor);

    internal static ApplicationFailureException? Map(Exception error) => error switch
    {
        HttpOperationException { Response.StatusCode: HttpStatusCode.Unauthorized } e =>
            new ApplicationFailureException($"the Kubernetes API refused the credentials: {Reason(e)}", ErrorTypes.AuthenticationFailed, nonRetryable: true),
        HttpOperationException { Response.StatusCode: HttpStatusCode.Forbidden } e =>
            new ApplicationFailureException($"the Kubernetes API denied the call: {Reason(e)}", ErrorTypes.PermissionDenied, nonRetryable: true),
        HttpOperationException { Response.StatusCode: HttpStatusCode.UnprocessableEntity } e =>
            new ApplicationFailureException($"the Kubernetes API rejected an object as invalid: {Reason(e)}", ErrorTypes.InvalidArguments, nonRetryable: true),
        _ => null,
    };

    private static string Reason(HttpOperationException error) =>
        string.IsNullOrWhiteSpace(error.Response?.Content) ? error.Message : error.Response.Content.ReplaceLineEndings(" ");

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
                throw permanent;
            }
        }
    }
}
