using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace CoderBootstrap.Sandbox.Runtime;

/// <summary>
/// Runtime settings read from a faults file (JSON or YAML) or the environment:
/// <c>{"timeScale": 0.01, "faults": [{"operation": "k8s.clusters.create", "status": 503, "count": 2}]}</c>.
/// </summary>
public sealed record SandboxConfiguration
{
    public const string TimeScaleVariable = "SANDBOX_TIME_SCALE";
    public const string FaultsVariable = "SANDBOX_FAULTS";
    public const string FaultsFileVariable = "SANDBOX_FAULTS_FILE";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    [JsonPropertyName("timeScale")]
    public double? TimeScale { get; init; }

    [JsonPropertyName("faults")]
    public IReadOnlyList<SandboxFaultRule> Faults { get; init; } = [];

    public static SandboxConfiguration LoadFile(string path)
    {
        var text = File.ReadAllText(path);
        var isYaml = path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
        return isYaml ? ParseYaml(text) : ParseJson(text);
    }

    public static SandboxConfiguration ParseJson(string json) =>
        JsonSerializer.Deserialize<SandboxConfiguration>(json, JsonOptions)
        ?? throw new InvalidDataException("The sandbox configuration is empty.");

    public static SandboxConfiguration ParseYaml(string yaml)
    {
        // YAML is converted to JSON so both formats share one set of property names and checks.
        var deserializer = new DeserializerBuilder().WithNamingConvention(NullNamingConvention.Instance).Build();
        var document = deserializer.Deserialize<object?>(yaml);
        var serializer = new SerializerBuilder().JsonCompatible().Build();
        var json = serializer.Serialize(document);
        return ParseJson(string.IsNullOrWhiteSpace(json) || json.Trim() == "null" ? "{}" : CoerceYamlScalars(json));
    }

    /// <summary>Reads <c>SANDBOX_TIME_SCALE</c>, <c>SANDBOX_FAULTS</c> (a JSON fault array) and <c>SANDBOX_FAULTS_FILE</c>.</summary>
    public static SandboxConfiguration FromEnvironment(Func<string, string?> getVariable)
    {
        var fromFile = getVariable(FaultsFileVariable) is { Length: > 0 } file ? LoadFile(file) : new SandboxConfiguration();
        var faults = new List<SandboxFaultRule>(fromFile.Faults);
        if (getVariable(FaultsVariable) is { Length: > 0 } faultsJson)
        {
            faults.AddRange(JsonSerializer.Deserialize<List<SandboxFaultRule>>(faultsJson, JsonOptions) ?? []);
        }

        var timeScale = fromFile.TimeScale;
        if (getVariable(TimeScaleVariable) is { Length: > 0 } scaleText)
        {
            timeScale = double.Parse(scaleText, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return new SandboxConfiguration { TimeScale = timeScale, Faults = faults };
    }

    // YamlDotNet's JSON-compatible output quotes every scalar; numbers and booleans are unquoted
    // again for the known numeric fields so System.Text.Json binds them.
    private static string CoerceYamlScalars(string json)
    {
        var node = JsonNode.Parse(json);
        Coerce(node);
        return node?.ToJsonString() ?? "{}";
    }

    private static void Coerce(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(pair => pair.Key).ToList())
                {
                    if (obj[key] is JsonValue value && value.TryGetValue<string>(out var text)
                        && key is "timeScale" or "probability" or "status" or "count" or "latencyMs" or "seed"
                        && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                    {
                        obj[key] = key is "timeScale" or "probability" ? number : (int)number;
                    }
                    else if (key == "statuses" && obj[key] is JsonArray statuses)
                    {
                        obj[key] = new JsonArray(statuses.Select(status => (JsonNode?)JsonValue.Create(
                            int.Parse(status!.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture))).ToArray());
                    }
                    else
                    {
                        Coerce(obj[key]);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Coerce(item);
                }

                break;
        }
    }
}
