using System.Net;
using System.Text;
using System.Text.Json;

namespace CoderBootstrap.Activities.Scaleway;

/// <summary>
/// Turns an error answer into <see cref="ScalewayApiException"/>. Handles the standard body
/// (<c>type</c>, <c>message</c>, <c>resource</c>, <c>resource_id</c>, <c>current_state</c>,
/// <c>details</c>), message-only bodies (LB 404, rdb 409, some 503) and empty or non-JSON bodies (429).
/// </summary>
internal static class ScalewayErrorParser
{
    public static ScalewayApiException ToException(string method, string path, HttpStatusCode status, string? reasonPhrase, byte[] body, TimeSpan? retryAfter)
    {
        var fallbackMessage = string.IsNullOrWhiteSpace(reasonPhrase) ? status.ToString() : reasonPhrase;
        if (body.Length == 0)
        {
            return new ScalewayApiException(method, path, status, null, fallbackMessage, retryAfter: retryAfter);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            var text = Encoding.UTF8.GetString(body).Trim();
            var message = text.Length == 0 ? fallbackMessage : text.Length > 300 ? text[..300] : text;
            return new ScalewayApiException(method, path, status, null, message, retryAfter: retryAfter);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new ScalewayApiException(method, path, status, null, fallbackMessage, retryAfter: retryAfter);
            }
            return new ScalewayApiException(
                method,
                path,
                status,
                String(root, "type"),
                String(root, "message") ?? fallbackMessage,
                String(root, "resource"),
                String(root, "resource_id"),
                String(root, "current_state"),
                Details(root),
                retryAfter);
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Details(JsonElement root)
    {
        var parts = new List<string>();
        if (root.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
        {
            foreach (var detail in details.EnumerateArray().Where(d => d.ValueKind == JsonValueKind.Object))
            {
                parts.Add(string.Join(" ", detail.EnumerateObject().Select(p => $"{p.Name}={Flatten(p.Value)}")));
            }
        }
        foreach (var name in new[] { "help_message", "precondition", "reason", "method" })
        {
            if (String(root, name) is { } value)
            {
                parts.Add($"{name}={value.Trim()}");
            }
        }
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    private static string Flatten(JsonElement value) =>
        (value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : value.GetRawText()).Trim().Replace('\n', ' ');
}
