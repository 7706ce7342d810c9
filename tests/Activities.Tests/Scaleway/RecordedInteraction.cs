using System.Text.Json;

namespace CoderBootstrap.Activities.Tests.Scaleway;

/// <summary>One recorded Scaleway HTTP exchange of shared/recordings/scaleway/**.json.</summary>
internal sealed record RecordedInteraction(string File, int Index, string Method, string Url, int Status, JsonElement? RequestBody, JsonElement? ResponseBody)
{
    public string Path => Url.Split('?')[0];

    public string Query => Url.Contains('?') ? Url[(Url.IndexOf('?') + 1)..] : string.Empty;

    public string? QueryValue(string name) =>
        Query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p[0] == name)
            .Select(p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : string.Empty)
            .FirstOrDefault();

    public int Page => int.TryParse(QueryValue("page"), out var page) ? page : 1;

    public override string ToString() => $"{File}#{Index} {Method} {Url} -> {Status}";

    public static IReadOnlyList<RecordedInteraction> LoadFile(string root, string relativePath)
    {
        using var document = JsonDocument.Parse(System.IO.File.ReadAllText(System.IO.Path.Combine(root, relativePath)));
        return document.RootElement.EnumerateArray().Select((element, index) => new RecordedInteraction(
            relativePath,
            index,
            element.GetProperty("method").GetString()!,
            element.GetProperty("url").GetString()!,
            element.GetProperty("status").GetInt32(),
            Body(element, "request_body"),
            Body(element, "response_body"))).ToList();
    }

    private static JsonElement? Body(JsonElement element, string name) =>
        element.TryGetProperty(name, out var body) && body.ValueKind != JsonValueKind.Null ? body.Clone() : null;
}
