using System.Text.Json.Nodes;

namespace CoderBootstrap.Sandbox.Tests.Scaleway;

/// <summary>One real Scaleway API interaction from <c>shared/recordings/scaleway</c>.</summary>
public sealed record RecordedInteraction(string Method, string Url, int Status, JsonNode? RequestBody, JsonNode? ResponseBody)
{
    public static IReadOnlyList<RecordedInteraction> Load(string file) =>
        JsonNode.Parse(File.ReadAllText(file))!.AsArray().Select(node => new RecordedInteraction(
            node!["method"]!.GetValue<string>(),
            node["url"]!.GetValue<string>(),
            node["status"]!.GetValue<int>(),
            node["request_body"]?.DeepClone(),
            node["response_body"]?.DeepClone())).ToList();

    public string Path => Url.Split('?')[0];

    public string? RecordedState => Status == 200 ? (ResponseBody as JsonObject)?["status"]?.GetValue<string>() : null;
}
