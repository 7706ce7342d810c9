using System.Text.Json;
using System.Text.Json.Nodes;

namespace CoderBootstrap.Sandbox.Tests.Scaleway;

/// <summary>
/// Compares the shape of a sandbox answer with a recorded one: every recorded field must exist with
/// the same JSON type (null matches anything: the API uses it for unset optional values). Fields the
/// sandbox adds are accepted, since the real API's field set grows over time and clients ignore extras.
/// </summary>
public static class JsonShape
{
    // Objects keyed by data rather than by schema: only their values' types are compared.
    private static readonly HashSet<string> MapFields = ["available_kubelet_args", "labels", "kubelet_args", "servers"];

    public static IReadOnlyList<string> Differences(JsonNode? recorded, JsonNode? actual, string path = "$")
    {
        var differences = new List<string>();
        Compare(recorded, actual, path, differences, isMap: false);
        return differences;
    }

    private static void Compare(JsonNode? recorded, JsonNode? actual, string path, List<string> differences, bool isMap)
    {
        if (recorded is null || actual is null)
        {
            return;
        }

        var recordedKind = Kind(recorded);
        var actualKind = Kind(actual);
        if (recordedKind != actualKind)
        {
            differences.Add($"{path}: recorded {recordedKind}, sandbox {actualKind}");
            return;
        }

        switch (recorded)
        {
            case JsonObject recordedObject:
                var actualObject = (JsonObject)actual;
                foreach (var (key, value) in recordedObject)
                {
                    if (isMap)
                    {
                        continue;
                    }

                    if (!actualObject.ContainsKey(key))
                    {
                        differences.Add($"{path}.{key}: missing in the sandbox answer");
                        continue;
                    }

                    Compare(value, actualObject[key], $"{path}.{key}", differences, MapFields.Contains(key));
                }

                break;
            case JsonArray recordedArray:
                var actualArray = (JsonArray)actual;
                for (var index = 0; index < Math.Min(recordedArray.Count, actualArray.Count); index++)
                {
                    Compare(recordedArray[index], actualArray[index], $"{path}[{index}]", differences, isMap: false);
                }

                break;
        }
    }

    private static string Kind(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}
