using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Scaleway;
using CoderBootstrap.Activities.State;
using Amazon.S3;
using Temporalio.Exceptions;

namespace CoderBootstrap.Activities.Infra;

/// <summary>
/// Turns permanent failures into non-retryable <see cref="ApplicationFailureException"/>s with a
/// one-line message; transient ones are left for Temporal to retry.
/// </summary>
internal static class InfraFailures
{
    public static ApplicationFailureException NonRetryable(string errorType, string message, Exception? inner = null) =>
        inner is null
            ? new ApplicationFailureException(message, errorType, nonRetryable: true)
            : new ApplicationFailureException(message, inner, errorType, nonRetryable: true);

    /// <summary>The error type a permanent Scaleway failure maps to.</summary>
    public static string ErrorTypeOf(ScalewayApiException exception) => exception switch
    {
        { IsQuotaExceeded: true } => ErrorTypes.QuotaExceeded,
        { StatusCode: System.Net.HttpStatusCode.Unauthorized } => ErrorTypes.AuthenticationFailed,
        { ErrorType: "denied_authentication" } => ErrorTypes.AuthenticationFailed,
        { StatusCode: System.Net.HttpStatusCode.Forbidden } => ErrorTypes.PermissionDenied,
        { IsNotFound: true } => ErrorTypes.InfraMissing,
        { StatusCode: System.Net.HttpStatusCode.BadRequest } => ErrorTypes.InvalidArguments,
        { ErrorType: "invalid_arguments" } => ErrorTypes.InvalidArguments,
        _ => ErrorTypes.ResourceFailed,
    };

    /// <summary>
    /// Runs one step of an activity: a permanent Scaleway error becomes non-retryable with the API's
    /// message (and its details, such as the exceeded quota).
    /// </summary>
    public static async Task<T> GuardAsync<T>(string action, Func<Task<T>> step)
    {
        try
        {
            return await step().ConfigureAwait(false);
        }
        catch (ScalewayApiException ex) when (!ex.IsRetryable)
        {
            var kind = ex.ErrorType ?? ((int)ex.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var details = ex.Details is { Length: > 0 } text ? $" [{text}]" : string.Empty;
            throw NonRetryable(ErrorTypeOf(ex), OneLine($"{action}: {ex.ApiMessage} ({kind}){details}"), ex);
        }
    }

    /// <summary>
    /// Runs one object-storage step: refused credentials or access and a state document that would
    /// hold a secret are permanent; anything else (network, 5xx) is retried by Temporal.
    /// </summary>
    public static async Task<T> GuardStorageAsync<T>(string action, Func<Task<T>> step)
    {
        try
        {
            return await step().ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode is "InvalidAccessKeyId" or "SignatureDoesNotMatch")
        {
            throw NonRetryable(ErrorTypes.AuthenticationFailed, OneLine($"{action}: object storage refused the credentials ({ex.ErrorCode})"), ex);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.Forbidden)
        {
            throw NonRetryable(ErrorTypes.PermissionDenied, OneLine($"{action}: object storage denied access ({ex.ErrorCode}: {ex.Message})"), ex);
        }
        catch (StateStoreException ex)
        {
            throw NonRetryable(ErrorTypes.InvalidConfiguration, OneLine($"{action}: {ex.Message}"), ex);
        }
        catch (InvalidDataException ex)
        {
            throw NonRetryable(ErrorTypes.InvalidConfiguration, OneLine($"{action}: {ex.Message}"), ex);
        }
    }

    /// <summary>Loads the environment's spec: an unknown name or a bad file is not retried.</summary>
    public static EnvironmentSpec LoadSpec(ActivityServices services, string environment)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (string.IsNullOrWhiteSpace(environment) || !services.Environments.KnownEnvironments().Contains(environment, StringComparer.Ordinal))
        {
            var known = services.Environments.KnownEnvironments();
            throw NonRetryable(ErrorTypes.UnknownEnvironment,
                $"unknown environment '{environment}'; known environments: {(known.Count == 0 ? "none" : string.Join(", ", known))}");
        }
        try
        {
            return services.Environments.Load(environment);
        }
        catch (EnvironmentSpecException ex)
        {
            throw NonRetryable(ErrorTypes.InvalidSpec, OneLine(ex.Message), ex);
        }
    }

    /// <summary>Reads the credentials (from SCW_* variables) so that a missing one fails once with its name, not on every retry.</summary>
    public static ScalewayCredentials Credentials(ActivityServices services)
    {
        try
        {
            return services.Credentials;
        }
        catch (EnvironmentSpecException ex)
        {
            throw NonRetryable(ErrorTypes.MissingCredentials, OneLine(ex.Message), ex);
        }
    }

    public static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
