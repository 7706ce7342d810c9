using System.Text.Json.Nodes;

namespace CoderBootstrap.Activities.Kubernetes;

/// <summary>One Kubernetes object ready to apply: its identity and its body as JSON.</summary>
public sealed record RenderedManifest(string ApiVersion, string Kind, string Name, string? Namespace, JsonObject Body)
{
    public string DisplayName => $"{Kind}/{Name}";

    public static RenderedManifest FromBody(JsonObject body, string source)
    {
        ArgumentNullException.ThrowIfNull(body);
        var apiVersion = body["apiVersion"]?.GetValue<string>();
        var kind = body["kind"]?.GetValue<string>();
        var name = body["metadata"]?["name"]?.GetValue<string>();
        if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind) || string.IsNullOrEmpty(name))
        {
            throw new ManifestException($"{source}: apiVersion, kind and metadata.name are required");
        }

        return new RenderedManifest(apiVersion, kind, name, body["metadata"]?["namespace"]?.GetValue<string>(), body);
    }
}
