namespace CoderBootstrap.Activities.Runtime;

/// <summary>
/// What made an activity fail for good. Its name is the error type of the non-retryable failure
/// (<see cref="ErrorTypes"/>); an enum, so a call of <see cref="ActivityFailure.Permanent"/> cannot
/// swap the kind and the message.
/// </summary>
public enum FailureKind
{
    UnknownEnvironment,
    InvalidSpec,
    MissingCredentials,
    AuthenticationFailed,
    PermissionDenied,
    QuotaExceeded,
    InvalidArguments,
    ResourceFailed,
    MissingInfraState,
    InfraMissing,
    NoDefaultStorageClass,
    InvalidConfiguration,
    TemplateImportFailed,
    UnknownTemplate,
    HookFailed,
    BackupNotFound,
    BackupIncomplete,
    BackupIntegrity,
    CoderVersionMismatch,
}
