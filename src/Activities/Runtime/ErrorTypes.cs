namespace CoderBootstrap.Activities.Runtime;

/// <summary>
/// Error types of the non-retryable <c>ApplicationFailureException</c>s the activities raise. The
/// workflows' retry policies list them as non-retryable; everything else is retried by Temporal.
/// </summary>
public static class ErrorTypes
{
    public const string UnknownEnvironment = "UnknownEnvironment";
    public const string InvalidSpec = "InvalidSpec";
    public const string MissingCredentials = "MissingCredentials";
    public const string AuthenticationFailed = "AuthenticationFailed";
    public const string PermissionDenied = "PermissionDenied";
    public const string QuotaExceeded = "QuotaExceeded";
    public const string InvalidArguments = "InvalidArguments";
    public const string ResourceFailed = "ResourceFailed";
    public const string MissingInfraState = "MissingInfraState";
    public const string InfraMissing = "InfraMissing";
    public const string NoDefaultStorageClass = "NoDefaultStorageClass";
    public const string InvalidConfiguration = "InvalidConfiguration";
    public const string TemplateImportFailed = "TemplateImportFailed";
    public const string UnknownTemplate = "UnknownTemplate";
    public const string HookFailed = "HookFailed";

    /// <summary>Every type above: what retry policies list as non-retryable.</summary>
    public static readonly string[] NonRetryable =
    [
        UnknownEnvironment, InvalidSpec, MissingCredentials, AuthenticationFailed, PermissionDenied, QuotaExceeded,
        InvalidArguments, ResourceFailed, MissingInfraState, InfraMissing, NoDefaultStorageClass, InvalidConfiguration,
        TemplateImportFailed, UnknownTemplate, HookFailed,
    ];
}
