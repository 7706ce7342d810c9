using System.Net;
using System.Text.Json.Nodes;

namespace CoderBootstrap.Sandbox.Tests.Scaleway;

public sealed record ApiResponse(HttpStatusCode Status, string Text, string? MediaType)
{
    public JsonNode? Json => string.IsNullOrEmpty(Text) ? null : JsonNode.Parse(Text);

    public JsonObject Object => Json as JsonObject ?? throw new InvalidOperationException($"Not a JSON object: {Text}");

    public string? ErrorType => Object["type"]?.GetValue<string>();
}
