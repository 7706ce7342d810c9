using System.Text.Json.Nodes;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>RFC 6902 JSON patch (<c>add</c>, <c>remove</c>, <c>replace</c>, <c>move</c>, <c>copy</c>, <c>test</c>).</summary>
internal static class JsonPatch
{
    public static JsonObject Apply(JsonObject target, JsonNode? patch)
    {
        if (patch is not JsonArray operations)
        {
            throw KubernetesStatus.BadRequest("the server rejected our request due to an error in our request: json patch must be an array of operations");
        }

        var root = (JsonObject)target.DeepClone();
        foreach (var operation in operations)
        {
            if (operation is not JsonObject op || !JsonFields.TryGetString(op["op"], out var verb) || !JsonFields.TryGetString(op["path"], out var path))
            {
                throw KubernetesStatus.BadRequest("the server rejected our request due to an error in our request: invalid json patch operation");
            }

            switch (verb)
            {
                case "add":
                    Add(root, path, op["value"]?.DeepClone());
                    break;
                case "remove":
                    Remove(root, path);
                    break;
                case "replace":
                    Remove(root, path);
                    Add(root, path, op["value"]?.DeepClone());
                    break;
                case "move":
                    var moved = Get(root, From(op))?.DeepClone();
                    Remove(root, From(op));
                    Add(root, path, moved);
                    break;
                case "copy":
                    Add(root, path, Get(root, From(op))?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(root, path), op["value"]))
                    {
                        throw new KubernetesApiException(KubernetesStatus.Failure(
                            422, "Invalid", $"the server rejected our request due to an error in our request: testing value {path} failed"));
                    }

                    break;
                default:
                    throw KubernetesStatus.BadRequest($"the server rejected our request due to an error in our request: unexpected kind: {verb}");
            }
        }

        return root;
    }

    private static string From(JsonObject op) =>
        JsonFields.TryGetString(op["from"], out var from)
            ? from
            : throw KubernetesStatus.BadRequest("the server rejected our request due to an error in our request: missing from");

    private static string[] Tokens(string pointer) =>
        pointer.Length == 0 ? [] : pointer[1..].Split('/').Select(token => token.Replace("~1", "/").Replace("~0", "~")).ToArray();

    private static JsonNode? Get(JsonNode root, string pointer)
    {
        JsonNode? node = root;
        foreach (var token in Tokens(pointer))
        {
            node = node switch
            {
                JsonObject parent when parent.ContainsKey(token) => parent[token],
                JsonArray list when int.TryParse(token, out var index) && index >= 0 && index < list.Count => list[index],
                _ => throw Missing(pointer),
            };
        }

        return node;
    }

    private static (JsonNode Parent, string Last) Parent(JsonNode root, string pointer)
    {
        var tokens = Tokens(pointer);
        if (tokens.Length == 0)
        {
            throw KubernetesStatus.BadRequest("the server rejected our request due to an error in our request: cannot patch the document root");
        }

        var parentPointer = "/" + string.Join('/', tokens[..^1].Select(token => token.Replace("~", "~0").Replace("/", "~1")));
        var parent = tokens.Length == 1 ? root : Get(root, parentPointer) ?? throw Missing(pointer);
        return (parent, tokens[^1]);
    }

    private static void Add(JsonNode root, string pointer, JsonNode? value)
    {
        var (parent, last) = Parent(root, pointer);
        switch (parent)
        {
            case JsonObject parentObject:
                parentObject[last] = value;
                break;
            case JsonArray list when last == "-":
                list.Add(value);
                break;
            case JsonArray list when int.TryParse(last, out var index) && index >= 0 && index <= list.Count:
                list.Insert(index, value);
                break;
            default:
                throw Missing(pointer);
        }
    }

    private static void Remove(JsonNode root, string pointer)
    {
        var (parent, last) = Parent(root, pointer);
        switch (parent)
        {
            case JsonObject parentObject when parentObject.ContainsKey(last):
                parentObject.Remove(last);
                break;
            case JsonArray list when int.TryParse(last, out var index) && index >= 0 && index < list.Count:
                list.RemoveAt(index);
                break;
            default:
                throw Missing(pointer);
        }
    }

    private static KubernetesApiException Missing(string pointer) =>
        new(KubernetesStatus.Failure(422, "Invalid", $"the server rejected our request due to an error in our request: doc is missing path: \"{pointer}\""));
}
