using System.Net;

namespace CoderBootstrap.Activities.Coder;

/// <summary>An error answer of the Coder API: its status, message and detail (never a request body).</summary>
public sealed class CoderApiException : Exception
{
    public CoderApiException(string operation, HttpStatusCode statusCode, string apiMessage, string? detail)
        : base($"Coder {operation} failed with {(int)statusCode}: {apiMessage}{(string.IsNullOrEmpty(detail) ? string.Empty : " (" + detail + ")")}")
    {
        Operation = operation;
        StatusCode = statusCode;
        ApiMessage = apiMessage;
        Detail = detail;
    }

    public string Operation { get; }

    public HttpStatusCode StatusCode { get; }

    public string ApiMessage { get; }

    public string? Detail { get; }

    /// <summary>4xx answers other than throttling and conflicts do not get better by retrying.</summary>
    public bool IsPermanent => (int)StatusCode is >= 400 and < 500 && StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.Conflict or HttpStatusCode.RequestTimeout);
}
