using System.Text.Json.Nodes;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>
/// Sets of field paths as server-side apply tracks them. A path is a sequence of elements joined by a
/// unit separator: <c>f:name</c> for an object member and <c>k:{"name":"coder"}</c> for the item of a
/// keyed list. Their nested form is the <c>fieldsV1</c> of <c>metadata.managedFields</c>.
/// </summary>
internal static class FieldSets
{
    public const char Separator = '\u001f';

    /// <summary>Metadata the API server owns: never part of a field set, never taken from an applied configuration.</summary>
    public static readonly IReadOnlySet<string> ServerOwnedMetadata = new HashSet<string>
    {
        "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink", "deletionTimestamp",
    };

    /// <summary>The leaf paths a configuration sets (server-owned metadata, apiVersion, kind and status excluded).</summary>
    public static HashSet<string> Collect(JsonObject resource)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in resource)
        {
            if (name is "apiVersion" or "kind" or "status" || value is null)
            {
                continue;
            }

            if (name == "metadata" && value is JsonObject metadata)
            {
                foreach (var (field, fieldValue) in metadata)
                {
                    if (!ServerOwnedMetadata.Contains(field) && fieldValue is not null)
                    {
                        CollectNode(fieldValue, Join("f:metadata", "f:" + field), paths);
                    }
                }

                continue;
            }

            CollectNode(value, "f:" + name, paths);
        }

        return paths;
    }

    /// <summary>The paths of <paramref name="after"/> whose values are new or differ from <paramref name="before"/>.</summary>
    public static HashSet<string> Changed(JsonObject before, JsonObject after)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in Collect(after))
        {
            if (!JsonNode.DeepEquals(Get(before, path), Get(after, path)))
            {
                changed.Add(path);
            }
        }

        return changed;
    }

    public static bool Exists(JsonObject resource, string path) => Get(resource, path) is not null;

    public static JsonNode? Get(JsonObject resource, string path)
    {
        JsonNode? node = resource;
        foreach (var element in path.Split(Separator))
        {
            node = Step(node, element);
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    public static void Remove(JsonObject resource, string path)
    {
        var elements = path.Split(Separator);
        JsonNode? parent = resource;
        foreach (var element in elements[..^1])
        {
            parent = Step(parent, element);
            if (parent is null)
            {
                return;
            }
        }

        var last = elements[^1];
        if (last.StartsWith("f:", StringComparison.Ordinal) && parent is JsonObject parentObject)
        {
            parentObject.Remove(last[2..]);
        }
        else if (last.StartsWith("k:", StringComparison.Ordinal) && parent is JsonArray list && Step(list, last) is { } item)
        {
            list.Remove(item);
        }
    }

    public static bool IsListItem(string path) =>
        path.LastIndexOf(Separator) is var index && path.AsSpan(index + 1).StartsWith("k:", StringComparison.Ordinal);

    /// <summary>The path as the API server prints it in conflict messages: <c>.spec.template.spec.containers[name="coder"].image</c>.</summary>
    public static string Display(string path)
    {
        var text = new System.Text.StringBuilder();
        foreach (var element in path.Split(Separator))
        {
            if (element.StartsWith("f:", StringComparison.Ordinal))
            {
                text.Append('.').Append(element[2..]);
            }
            else if (JsonNode.Parse(element[2..]) is JsonObject key)
            {
                text.Append('[').Append(string.Join(",", key.Select(pair => $"{pair.Key}={pair.Value?.ToJsonString()}"))).Append(']');
            }
        }

        return text.ToString();
    }

    public static JsonObject ToFieldsV1(IEnumerable<string> paths)
    {
        var root = new JsonObject();
        var marked = new List<JsonObject>();
        foreach (var path in paths.Order(StringComparer.Ordinal))
        {
            var node = root;
            foreach (var element in path.Split(Separator))
            {
                node = JsonFields.ChildObject(node, element);
            }

            marked.Add(node);
        }

        foreach (var node in marked.Where(node => node.Count > 0 && !node.ContainsKey(".")))
        {
            // The API server lists the "." (the item itself) before the item's fields.
            var children = node.ToList();
            node.Clear();
            node["."] = new JsonObject();
            foreach (var (element, child) in children)
            {
                node[element] = child;
            }
        }

        return root;
    }

    public static HashSet<string> FromFieldsV1(JsonObject? fields)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        if (fields is not null)
        {
            ReadFieldsV1(fields, "", paths);
        }

        return paths;
    }

    private static void ReadFieldsV1(JsonObject node, string prefix, HashSet<string> paths)
    {
        foreach (var (element, child) in node)
        {
            if (element == ".")
            {
                paths.Add(prefix);
                continue;
            }

            var path = Join(prefix, element);
            if (child is JsonObject { Count: > 0 } nested)
            {
                ReadFieldsV1(nested, path, paths);
            }
            else
            {
                paths.Add(path);
            }
        }
    }

    private static void CollectNode(JsonNode node, string prefix, HashSet<string> paths)
    {
        switch (node)
        {
            case JsonObject { Count: > 0 } container:
                foreach (var (name, value) in container)
                {
                    if (value is not null)
                    {
                        CollectNode(value, Join(prefix, "f:" + name), paths);
                    }
                }

                break;
            case JsonArray list when StrategicMergePatch.MergeKeyOf(list) is { } key:
                foreach (var item in list.OfType<JsonObject>())
                {
                    var itemPath = Join(prefix, KeyElement(key, item[key]!));
                    paths.Add(itemPath);
                    foreach (var (name, value) in item)
                    {
                        if (value is not null)
                        {
                            CollectNode(value, Join(itemPath, "f:" + name), paths);
                        }
                    }
                }

                break;
            default:
                paths.Add(prefix);
                break;
        }
    }

    private static JsonNode? Step(JsonNode? node, string element)
    {
        if (element.StartsWith("f:", StringComparison.Ordinal))
        {
            return node is JsonObject container ? container[element[2..]] : null;
        }

        if (element.StartsWith("k:", StringComparison.Ordinal) && node is JsonArray list && JsonNode.Parse(element[2..]) is JsonObject key)
        {
            return list.OfType<JsonObject>().FirstOrDefault(item => key.All(pair => JsonNode.DeepEquals(item[pair.Key], pair.Value)));
        }

        return null;
    }

    private static string KeyElement(string key, JsonNode value) => "k:" + new JsonObject { [key] = value.DeepClone() }.ToJsonString();

    private static string Join(string prefix, string element) => prefix.Length == 0 ? element : prefix + Separator + element;
}
