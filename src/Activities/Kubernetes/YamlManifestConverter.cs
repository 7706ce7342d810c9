using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CoderBootstrap.Activities.Kubernetes;

/// <summary>
/// Turns one YAML document into a JSON tree the way the Kubernetes API server reads it: quoted
/// scalars stay strings, plain scalars become booleans, nulls, integers or floats when they look
/// like one (YAML 1.2 core schema).
/// </summary>
public static class YamlManifestConverter
{
    public static JsonObject ToJsonObject(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException error)
        {
            throw new ManifestException($"not valid YAML: {error.Message}");
        }

        if (stream.Documents.Count != 1)
        {
            throw new ManifestException($"expected exactly one YAML document, found {stream.Documents.Count}");
        }

        return Convert(stream.Documents[0].RootNode) as JsonObject
            ?? throw new ManifestException("the document is not a mapping");
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => ConvertMapping(mapping),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => throw new ManifestException($"unsupported YAML node at line {node.Start.Line}"),
    };

    private static JsonObject ConvertMapping(YamlMappingNode mapping)
    {
        var result = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? throw new ManifestException($"a mapping key at line {key.Start.Line} is not a scalar");
            result[name] = Convert(value);
        }

        return result;
    }

    private static JsonNode? ConvertScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (text.Any(char.IsDigit) && !text.Contains(':', StringComparison.Ordinal)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }
}
