using System.Net;

namespace CoderBootstrap.Activities.Scaleway;

/// <summary>
/// A Scaleway API call answered with an error status. Carries the HTTP status, the error
/// <c>type</c> when the body has one (some bodies carry only <c>message</c>; a 429 has none) and
/// whether trying again later can succeed.
/// </summary>
public sealed class ScalewayApiException : Exception
{
    public ScalewayApiException(
        string method,
        string path,
        HttpStatusCode statusCode,
        string? errorType,
        string apiMessage,
        string? resource = null,
        string? resourceId = null,
        string? currentState = null,
        string? details = null,
        TimeSpan? retryAfter = null)
        : base(BuildMessage(method, path, statusCode, errorType, apiMessage, resource, resourceId, currentState, details))
    {
        Method = method;
        Path = path;
        StatusCode = statusCode;
        ErrorType = errorType;
        ApiMessage = apiMessage;
        Resource = resource;
        ResourceId = resourceId;
        CurrentState = currentState;
        Details = details;
        RetryAfter = retryAfter;
    }

    public string Method { get; }

    public string Path { get; }

    public HttpStatusCode StatusCode { get; }

    /// <summary>The body's <c>type</c> (not_found, invalid_arguments, quotas_exceeded, transient_state, ...), or null when absent.</summary>
    public string? ErrorType { get; }

    /// <summary>The body's <c>message</c>, or the HTTP reason phrase when the body has none.</summary>
    public string ApiMessage { get; }

    public string? Resource { get; }

    public string? ResourceId { get; }

    /// <summary>For transient_state errors: the state the resource is in.</summary>
    public string? CurrentState { get; }

    /// <summary>The body's details (invalid arguments, exceeded quotas, missing permissions) flattened to one line.</summary>
    public string? Details { get; }

    public TimeSpan? RetryAfter { get; }

    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;

    public bool IsQuotaExceeded => ErrorType == "quotas_exceeded";

    public bool IsTransientState => ErrorType == "transient_state";

    /// <summary>
    /// True when the same call may succeed later: 429, any 5xx, transient_state, out_of_stock, and a
    /// 409 without type (the API's concurrent-update conflict). Invalid arguments, quotas,
    /// permissions, authentication, not_found and preconditions are permanent.
    /// </summary>
    public bool IsRetryable =>
        StatusCode == HttpStatusCode.TooManyRequests
        || (int)StatusCode >= 500
        || ErrorType is "transient_state" or "out_of_stock"
        || (StatusCode == HttpStatusCode.Conflict && ErrorType is null);

    private static string BuildMessage(string method, string path, HttpStatusCode statusCode, string? errorType, string apiMessage,
        string? resource, string? resourceId, string? currentState, string? details)
    {
        var text = $"Scaleway API {method} {path} failed: {(int)statusCode} {errorType ?? statusCode.ToString()}: {apiMessage}";
        if (resource is not null)
        {
            text += $" (resource {resource}{(string.IsNullOrEmpty(resourceId) ? string.Empty : " " + resourceId)}{(currentState is null ? string.Empty : ", state " + currentState)})";
        }
        if (!string.IsNullOrEmpty(details))
        {
            text += $" [{details}]";
        }
        return text;
    }
}
