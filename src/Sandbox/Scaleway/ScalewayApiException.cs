using System.Text.Json.Nodes;

namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary>An API error answered in Scaleway's shape: an HTTP status and a JSON body (usually <c>{message, type, ...}</c>).</summary>
public sealed class ScalewayApiException(int statusCode, JsonObject? body)
    : Exception(body?["message"]?.GetValue<string>() ?? $"HTTP {statusCode}")
{
    public int StatusCode { get; } = statusCode;

    public JsonObject? Body { get; } = body;
}
