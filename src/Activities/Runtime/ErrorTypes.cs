namespace CoderBootstrap.Activities.Runtime;

/// <summary>
/// Error types of the non-retryable <c>ApplicationFailureException</c>s the activities raise, as
/// constants for workflow code that matches on them. The workflows' retry policies list them as
/// non-retryable; everything else is retried by Temporal.
/// </summary>
public static class ErrorTypes
{
    public const string UnknownEnvironment = nameof(FailureKind.UnknownEnvironment);
    public const string InvalidSpec = nameof(FailureKind.InvalidSpec);
    public const string MissingCredentials = nameof(FailureKind.MissingCredentials);
    public const string AuthenticationFailed = nameof(FailureKind.AuthenticationFailed);
    public const string PermissionDenied = nameof(FailureKind.PermissionDenied);
    public const string QuotaExceeded = nameof(FailureKind.QuotaExceeded);
    public const string InvalidArguments = nameof(FailureKind.InvalidArguments);
    public const string ResourceFailed = nameof(FailureKind.ResourceFailed);
    public const string MissingInfraState = nameof(FailureKind.MissingInfraState);
    public const string InfraMissing = nameof(FailureKind.InfraMissing);
    public const string NoDefaultStorageClass = nameof(FailureKind.NoDefaultStorageClass);
    public const string InvalidConfiguration = nameof(FailureKind.InvalidConfiguration);
    public const string TemplateImportFailed = nameof(FailureKind.TemplateImportFailed);
    public const string UnknownTemplate = nameof(FailureKind.UnknownTemplate);
    public const string HookFailed = nameof(FailureKind.HookFailed);

    /// <summary>Every kind of <see cref="FailureKind"/>: what retry policies list as non-retryable.</summary>
    public static readonly string[] NonRetryable = Enum.GetNames<FailureKind>();
}
