using Temporalio.Exceptions;

namespace CoderBootstrap.Activities.Runtime;

/// <summary>The one way activities fail for good: a non-retryable failure of a <see cref="FailureKind"/> with a one-line message.</summary>
public static class ActivityFailure
{
    public static ApplicationFailureException Permanent(FailureKind kind, string message, Exception? cause = null) =>
        cause is null
            ? new ApplicationFailureException(OneLine(message), kind.ToString(), nonRetryable: true)
            : new ApplicationFailureException(OneLine(message), cause, kind.ToString(), nonRetryable: true);

    public static ApplicationFailureException MissingInfraState(string environment, string? detail = null) =>
        Permanent(FailureKind.MissingInfraState,
            $"no phase-1 state for {environment}: run `starter run infra --env={environment}` first" + (detail is null ? string.Empty : $" ({detail})"));

    public static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
