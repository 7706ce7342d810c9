using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary>A parsed JSON request body with typed field readers that fail with Scaleway's <c>invalid_arguments</c> error.</summary>
public sealed class RequestBody(JsonObject fields)
{
    public JsonObject Fields { get; } = fields;

    public static async Task<RequestBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new RequestBody([]);
        }

        var contentType = request.ContentType ?? "";
        if (!contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) && !contentType.Contains("+json", StringComparison.OrdinalIgnoreCase))
        {
            throw ScalewayErrors.InvalidArgument("body", "format", $"- invalid: unsupported content type '{contentType}', expected application/json\n");
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException exception)
        {
            throw ScalewayErrors.InvalidArgument("body", "format", $"- invalid: malformed JSON: {exception.Message}\n");
        }

        return node switch
        {
            JsonObject obj => new RequestBody(obj),
            null => new RequestBody([]),
            _ => throw ScalewayErrors.InvalidArgument("body", "format", $"- invalid: Invalid type. Expected: object, given: {Describe(node)}\n"),
        };
    }

    public bool Has(string name) => Fields[name] is not null;

    public string? String(string name) => ReadValue(name, JsonValueKind.String, "string")?.GetValue<string>();

    public string RequiredString(string name)
    {
        var value = String(name);
        if (string.IsNullOrEmpty(value))
        {
            throw ScalewayErrors.InvalidArgument(name, "required", "- required: this field is required\n");
        }

        return value;
    }

    public long? Integer(string name)
    {
        if (ReadValue(name, JsonValueKind.Number, "integer") is not { } value)
        {
            return null;
        }

        if (value.TryGetValue<long>(out var number))
        {
            return number;
        }

        var real = value.GetValue<double>();
        return real == Math.Floor(real) && Math.Abs(real) < long.MaxValue
            ? (long)real
            : throw ScalewayErrors.InvalidArgument(name, "format", "- invalid: Invalid type. Expected: integer, given: number\n");
    }

    public bool? Boolean(string name)
    {
        var node = Fields[name];
        if (node is null)
        {
            return null;
        }

        var kind = node.GetValueKind();
        return kind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw ScalewayErrors.InvalidArgument(name, "format", $"- invalid: Invalid type. Expected: boolean, given: {Describe(node)}\n"),
        };
    }

    public List<string>? StringList(string name)
    {
        var node = Fields[name];
        if (node is null)
        {
            return null;
        }

        if (node is not JsonArray array || array.Any(item => item is null || item.GetValueKind() != JsonValueKind.String))
        {
            throw ScalewayErrors.InvalidArgument(name, "format", "- invalid: Invalid type. Expected: array of strings\n");
        }

        return array.Select(item => item!.GetValue<string>()).ToList();
    }

    public JsonObject? Object(string name) => Fields[name] switch
    {
        null => null,
        JsonObject obj => obj,
        var other => throw ScalewayErrors.InvalidArgument(name, "format", $"- invalid: Invalid type. Expected: object, given: {Describe(other)}\n"),
    };

    public JsonArray? Array(string name) => Fields[name] switch
    {
        null => null,
        JsonArray array => array,
        var other => throw ScalewayErrors.InvalidArgument(name, "format", $"- invalid: Invalid type. Expected: array, given: {Describe(other)}\n"),
    };

    private JsonValue? ReadValue(string name, JsonValueKind expected, string expectedName)
    {
        var node = Fields[name];
        if (node is null)
        {
            return null;
        }

        if (node is not JsonValue value || node.GetValueKind() != expected)
        {
            throw ScalewayErrors.InvalidArgument(name, "format", $"- invalid: Invalid type. Expected: {expectedName}, given: {Describe(node)}\n");
        }

        return value;
    }

    private static string Describe(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}
