using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Scaleway;
using Temporalio.Exceptions;

namespace CoderBootstrap.Activities.Coder;

/// <summary>Turns the permanent failures shared by the phase-2 and setup activities into non-retryable errors.</summary>
internal static class ActivityFailures
{
    public static ApplicationFailureException NonRetryable(string message, string errorType) =>
        new(message, errorType, nonRetryable: true);

    public static ApplicationFailureException MissingInfraState(string environment, string? detail = null) =>
        NonRetryable(
            $"no phase-1 state for {environment}: run `starter run infra --env={environment}` first" + (detail is null ? string.Empty : $" ({detail})"),
            ErrorTypes.MissingInfraState);

    /// <summary>Loads the environment spec; an unknown environment or a bad file is permanent.</summary>
    public static EnvironmentSpec LoadSpec(ActivityServices services, string environment)
    {
        try
        {
            return services.Environments.Load(environment);
        }
        catch (EnvironmentSpecException error)
        {
            var type = error.Message.StartsWith("unknown environment", StringComparison.Ordinal) ? ErrorTypes.UnknownEnvironment : ErrorTypes.InvalidSpec;
            throw NonRetryable(error.Message, type);
        }
    }

    /// <summary>Reads the credentials; missing variables are permanent and named (never their values).</summary>
    public static ScalewayCredentials Credentials(ActivityServices services)
    {
        try
        {
            return services.Credentials;
        }
        catch (EnvironmentSpecException error)
        {
            throw NonRetryable(error.Message, ErrorTypes.MissingCredentials);
        }
    }

    /// <summary>Maps authentication and permission errors of the Scaleway API; other errors are returned unchanged.</summary>
    public static Exception FromScaleway(ScalewayApiException error) => (int)error.StatusCode switch
    {
        401 => NonRetryable($"Scaleway refused the credentials: {error.ApiMessage}", ErrorTypes.AuthenticationFailed),
        403 => NonRetryable($"Scaleway denied the call: {error.ApiMessage}", ErrorTypes.PermissionDenied),
        _ => error,
    };
}
