using Amazon.S3;
using CoderBootstrap.Activities.Scaleway;
using CoderBootstrap.Activities.State;

namespace CoderBootstrap.Activities.Runtime;

/// <summary>
/// Runs one call of an activity and turns the answers a retry cannot fix into permanent failures
/// with a one-line message; transient ones are left for Temporal to retry.
/// </summary>
public static class CallGuard
{
    /// <summary>The kind a permanent Scaleway failure maps to.</summary>
    public static FailureKind KindOf(ScalewayApiException exception) => exception switch
    {
        { IsQuotaExceeded: true } => FailureKind.QuotaExceeded,
        { StatusCode: System.Net.HttpStatusCode.Unauthorized } => FailureKind.AuthenticationFailed,
        { ErrorType: "denied_authentication" } => FailureKind.AuthenticationFailed,
        { StatusCode: System.Net.HttpStatusCode.Forbidden } => FailureKind.PermissionDenied,
        { IsNotFound: true } => FailureKind.InfraMissing,
        { StatusCode: System.Net.HttpStatusCode.BadRequest } => FailureKind.InvalidArguments,
        { ErrorType: "invalid_arguments" } => FailureKind.InvalidArguments,
        _ => FailureKind.ResourceFailed,
    };

    /// <summary>A permanent Scaleway error becomes non-retryable with the API's message (and its details, such as the exceeded quota).</summary>
    public static async Task<T> ScalewayAsync<T>(string action, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (ScalewayApiException ex) when (!ex.IsRetryable)
        {
            var kind = ex.ErrorType ?? ((int)ex.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var details = ex.Details is { Length: > 0 } text ? $" [{text}]" : string.Empty;
            throw ActivityFailure.Permanent(KindOf(ex), $"{action}: {ex.ApiMessage} ({kind}){details}", ex);
        }
    }

    /// <summary>
    /// Refused credentials or access and a state document that would hold a secret are permanent;
    /// anything else (network, 5xx) is retried by Temporal.
    /// </summary>
    public static async Task<T> StorageAsync<T>(string action, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode is "InvalidAccessKeyId" or "SignatureDoesNotMatch")
        {
            throw ActivityFailure.Permanent(FailureKind.AuthenticationFailed, $"{action}: object storage refused the credentials ({ex.ErrorCode})", ex);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.Forbidden)
        {
            throw ActivityFailure.Permanent(FailureKind.PermissionDenied, $"{action}: object storage denied access ({ex.ErrorCode}: {ex.Message})", ex);
        }
        catch (Exception ex) when (ex is StateStoreException or InvalidDataException)
        {
            throw ActivityFailure.Permanent(FailureKind.InvalidConfiguration, $"{action}: {ex.Message}", ex);
        }
    }

    public static Task StorageAsync(string action, Func<Task> call) =>
        StorageAsync(action, async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        });
}
