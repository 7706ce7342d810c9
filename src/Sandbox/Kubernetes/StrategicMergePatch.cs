using System.Text.Json.Nodes;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>
/// An approximation of Kubernetes strategic merge patch without the per-type schema: maps merge like a
/// JSON merge patch; a list of objects that all carry a merge key (<c>name</c>, <c>containerPort</c>,
/// <c>port</c>, <c>mountPath</c>) merges item by item on that key, honouring <c>$patch: delete</c>;
/// every other list is replaced. Directives such as <c>$setElementOrder</c> and <c>$retainKeys</c> are ignored.
/// </summary>
internal static class StrategicMergePatch
{
    private static readonly string[] MergeKeys = ["name", "containerPort", "port", "mountPath"];

    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : new JsonObject();
        MergeInto(result, patchObject);
        return result;
    }

    /// <summary>The key that identifies items of this list, or null when the list is atomic.</summary>
    public static string? MergeKeyOf(JsonArray list)
    {
        if (list.Count == 0 || list.Any(item => item is not JsonObject))
        {
            return null;
        }

        return MergeKeys.FirstOrDefault(key => list.All(item => item is JsonObject entry && entry[key] is JsonValue));
    }

    private static void MergeInto(JsonObject target, JsonObject patch)
    {
        if (patch["$patch"] is JsonValue directive && directive.ToString() == "replace")
        {
            target.Clear();
        }

        foreach (var (name, value) in patch)
        {
            if (name.StartsWith('$'))
            {
                continue;
            }

            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject patchChild)
            {
                if (target[name] is not JsonObject targetChild)
                {
                    targetChild = new JsonObject();
                    target[name] = targetChild;
                }

                MergeInto(targetChild, patchChild);
            }
            else if (value is JsonArray patchList && target[name] is JsonArray targetList && MergeKeyOf(patchList) is { } key)
            {
                MergeList(targetList, patchList, key);
            }
            else
            {
                target[name] = WithoutDirectives(value);
            }
        }
    }

    private static void MergeList(JsonArray target, JsonArray patch, string key)
    {
        foreach (var patchItem in patch.OfType<JsonObject>())
        {
            var identity = patchItem[key]!.ToJsonString();
            var existing = target.OfType<JsonObject>().FirstOrDefault(item => item[key]?.ToJsonString() == identity);
            var delete = patchItem["$patch"] is JsonValue directive && directive.ToString() == "delete";
            if (delete)
            {
                if (existing is not null)
                {
                    target.Remove(existing);
                }
            }
            else if (existing is not null)
            {
                MergeInto(existing, patchItem);
            }
            else
            {
                target.Add(WithoutDirectives(patchItem));
            }
        }
    }

    private static JsonNode? WithoutDirectives(JsonNode node)
    {
        switch (node)
        {
            case JsonObject source:
                var copy = new JsonObject();
                foreach (var (name, value) in source)
                {
                    if (!name.StartsWith('$'))
                    {
                        copy[name] = value is null ? null : WithoutDirectives(value);
                    }
                }

                return copy;
            case JsonArray list:
                return new JsonArray(list.Select(item => item is null ? null : WithoutDirectives(item)).ToArray());
            default:
                return node.DeepClone();
        }
    }
}
