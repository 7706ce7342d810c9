using CoderBootstrap.DevServer.Visibility;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;

namespace CoderBootstrap.DevServer.Engine;

/// <summary>
/// The search attributes a namespace knows: the server's own plus the custom ones registered through
/// OperatorService (or <c>--search-attribute</c>). Start requests, upserts and list filters naming
/// anything else are refused, as a real server refuses them.
/// </summary>
public static class SearchAttributeRegistry
{
    public const int MaxCustomAttributes = 100;

    /// <summary>What <c>temporal server start-dev</c> registers in every namespace.</summary>
    public static IReadOnlyDictionary<string, IndexedValueType> DevServerDefaults { get; } = new Dictionary<string, IndexedValueType>(StringComparer.Ordinal)
    {
        ["CustomKeywordField"] = IndexedValueType.Keyword,
        ["CustomStringField"] = IndexedValueType.Text,
        ["CustomTextField"] = IndexedValueType.Text,
        ["CustomIntField"] = IndexedValueType.Int,
        ["CustomDatetimeField"] = IndexedValueType.Datetime,
        ["CustomDoubleField"] = IndexedValueType.Double,
        ["CustomBoolField"] = IndexedValueType.Bool,
    };

    public static IReadOnlyDictionary<string, IndexedValueType> SystemAttributes => VisibilityField.ServerAttributes;

    /// <summary>Parses a <c>--search-attribute NAME=TYPE</c> value (type names as the CLI accepts them).</summary>
    public static (string Name, IndexedValueType Type) ParseDefinition(string definition)
    {
        var eq = definition.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || eq == definition.Length - 1)
        {
            throw new FormatException($"--search-attribute must be NAME=TYPE, got '{definition}'");
        }
        var name = definition[..eq];
        var typeName = definition[(eq + 1)..];
        return TryParseType(typeName, out var type)
            ? (name, type)
            : throw new FormatException($"--search-attribute type must be one of Text, Keyword, Int, Double, Bool, Datetime, KeywordList; got '{typeName}'");
    }

    public static bool TryParseType(string name, out IndexedValueType type)
    {
        type = name.Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant() switch
        {
            "text" => IndexedValueType.Text,
            "keyword" => IndexedValueType.Keyword,
            "int" => IndexedValueType.Int,
            "double" => IndexedValueType.Double,
            "bool" => IndexedValueType.Bool,
            "datetime" => IndexedValueType.Datetime,
            "keywordlist" => IndexedValueType.KeywordList,
            _ => IndexedValueType.Unspecified,
        };
        return type != IndexedValueType.Unspecified;
    }

    /// <summary>The payload type names the SDKs write in a search attribute's <c>type</c> metadata.</summary>
    private static string MetadataTypeName(IndexedValueType type) => type switch
    {
        IndexedValueType.Text => "Text",
        IndexedValueType.Keyword => "Keyword",
        IndexedValueType.Int => "Int",
        IndexedValueType.Double => "Double",
        IndexedValueType.Bool => "Bool",
        IndexedValueType.Datetime => "Datetime",
        IndexedValueType.KeywordList => "KeywordList",
        _ => type.ToString(),
    };

    /// <summary>The reason search attributes are refused, or null when each is known and typed as registered.</summary>
    public static string? Validate(string ns, SearchAttributes? attributes, IReadOnlyDictionary<string, IndexedValueType> custom)
    {
        foreach (var (name, payload) in attributes?.IndexedFields ?? [])
        {
            if (!custom.TryGetValue(name, out var type) && !SystemAttributes.TryGetValue(name, out type))
            {
                return $"Namespace {ns} has no mapping defined for search attribute {name}";
            }
            if (payload.Metadata.TryGetValue("type", out var declared) && !declared.IsEmpty
                && !string.Equals(declared.ToStringUtf8(), MetadataTypeName(type), StringComparison.OrdinalIgnoreCase))
            {
                return $"invalid value for search attribute {name} of type {MetadataTypeName(type)}: {payload.Data.ToStringUtf8()}";
            }
        }
        return null;
    }
}
