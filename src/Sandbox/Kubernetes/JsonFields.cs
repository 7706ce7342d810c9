using System.Text.Json.Nodes;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>Small accessors for the fields every stored Kubernetes object has.</summary>
internal static class JsonFields
{
    public static JsonObject Metadata(JsonObject resource)
    {
        if (resource["metadata"] is JsonObject metadata)
        {
            return metadata;
        }

        metadata = new JsonObject();
        resource["metadata"] = metadata;
        return metadata;
    }

    public static JsonObject ChildObject(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject child)
        {
            return child;
        }

        child = new JsonObject();
        parent[name] = child;
        return child;
    }

    public static string Name(JsonObject resource) => GetString(resource, "metadata.name") ?? "";

    public static string Namespace(JsonObject resource) => GetString(resource, "metadata.namespace") ?? "";

    public static JsonObject? Labels(JsonObject resource) => resource["metadata"]?["labels"] as JsonObject;

    public static long Generation(JsonObject resource) => GetLong(resource, "metadata.generation") ?? 0;

    /// <summary>Reads a dotted path (<c>metadata.name</c>, <c>status.phase</c>) as a string, or null when absent.</summary>
    public static string? GetString(JsonObject resource, string dottedPath)
    {
        JsonNode? node = resource;
        foreach (var part in dottedPath.Split('.'))
        {
            node = node is JsonObject parent ? parent[part] : null;
            if (node is null)
            {
                return null;
            }
        }

        return node is JsonValue value ? value.ToString() : node.ToJsonString();
    }

    public static long? GetLong(JsonObject resource, string dottedPath)
    {
        var text = GetString(resource, dottedPath);
        return long.TryParse(text, out var number) ? number : null;
    }

    public static bool TryGetString(JsonNode? node, out string value)
    {
        if (node is JsonValue scalar && scalar.TryGetValue(out string? text))
        {
            value = text;
            return true;
        }

        value = "";
        return false;
    }
}
