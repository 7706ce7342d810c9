using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace CoderBootstrap.Activities.Environments;

/// <summary>
/// Strict, path-aware reader over one YAML mapping: every accessor names the file and the full
/// field path in its error, and unknown keys are rejected up front with the list of allowed ones.
/// </summary>
internal sealed class YamlMap
{
    private readonly string _fileName;
    private readonly string _path;
    private readonly YamlMappingNode _node;
    private readonly Dictionary<string, YamlNode> _entries = new(StringComparer.Ordinal);

    public YamlMap(string fileName, string path, YamlMappingNode node, IReadOnlyCollection<string> allowedKeys)
    {
        _fileName = fileName;
        _path = path;
        _node = node;
        foreach (var (keyNode, valueNode) in node.Children)
        {
            var key = keyNode is YamlScalarNode scalar ? scalar.Value ?? string.Empty : keyNode.ToString();
            if (!allowedKeys.Contains(key))
            {
                throw Error(FieldPath(key), $"unknown field (line {keyNode.Start.Line})", "one of " + string.Join(", ", allowedKeys));
            }
            if (!_entries.TryAdd(key, valueNode))
            {
                throw Error(FieldPath(key), $"field given twice (line {keyNode.Start.Line})", "each field once");
            }
        }
    }

    public static YamlMap Root(string fileName, string yamlText, IReadOnlyCollection<string> allowedKeys)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yamlText));
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new EnvironmentSpecException(
                $"{fileName}: (document): not valid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {OneLine(ex.Message)}", ex);
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new EnvironmentSpecException($"{fileName}: (document): expected exactly one YAML document whose top level is a mapping of fields");
        }
        return new YamlMap(fileName, string.Empty, root, allowedKeys);
    }

    public string FileName => _fileName;

    public string FieldPath(string key) => _path.Length == 0 ? key : $"{_path}.{key}";

    public EnvironmentSpecException Error(string fieldPath, string problem, string allowed) =>
        new($"{_fileName}: {fieldPath}: {problem}; allowed: {allowed}");

    public bool Has(string key) => _entries.ContainsKey(key);

    public bool IsMapping(string key) => _entries.TryGetValue(key, out var node) && node is YamlMappingNode;

    public string RequiredString(string key, Func<string, bool>? isValid = null, string allowed = "a non-empty string")
    {
        var value = ScalarText(key, Required(key), "a string");
        if (value.Length == 0 || (isValid is not null && !isValid(value)))
        {
            throw Error(FieldPath(key), $"bad value '{value}'", allowed);
        }
        return value;
    }

    public string? OptionalString(string key, Func<string, bool>? isValid = null, string allowed = "a non-empty string")
    {
        return Has(key) ? RequiredString(key, isValid, allowed) : null;
    }

    public string RequiredChoice(string key, IReadOnlyCollection<string> choices)
    {
        return RequiredString(key, choices.Contains, "one of " + string.Join(", ", choices));
    }

    public int RequiredInt(string key, int minimum, int maximum)
    {
        var text = ScalarText(key, Required(key), $"an integer from {minimum} to {maximum}");
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw Error(FieldPath(key), $"wrong type: '{text}' is not an integer", $"an integer from {minimum} to {maximum}");
        }
        if (value < minimum || value > maximum)
        {
            throw Error(FieldPath(key), $"bad value {value}", $"an integer from {minimum} to {maximum}");
        }
        return value;
    }

    public decimal RequiredDecimal(string key, decimal minimum, decimal maximum)
    {
        var text = ScalarText(key, Required(key), $"a number from {minimum} to {maximum}");
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw Error(FieldPath(key), $"wrong type: '{text}' is not a number", $"a number from {minimum} to {maximum}");
        }
        if (value < minimum || value > maximum)
        {
            throw Error(FieldPath(key), $"bad value {value.ToString(CultureInfo.InvariantCulture)}", $"a number from {minimum} to {maximum}");
        }
        return value;
    }

    public bool RequiredBool(string key)
    {
        var text = ScalarText(key, Required(key), "true or false");
        return text switch
        {
            "true" => true,
            "false" => false,
            _ => throw Error(FieldPath(key), $"wrong type: '{text}' is not a boolean", "true or false"),
        };
    }

    public bool OptionalBool(string key, bool defaultValue) => Has(key) ? RequiredBool(key) : defaultValue;

    public YamlMap RequiredMap(string key, IReadOnlyCollection<string> allowedKeys)
    {
        var node = Required(key);
        if (node is not YamlMappingNode mapping)
        {
            throw Error(FieldPath(key), $"wrong type: expected a mapping of fields (line {node.Start.Line})", "fields " + string.Join(", ", allowedKeys));
        }
        return new YamlMap(_fileName, FieldPath(key), mapping, allowedKeys);
    }

    public YamlMap? OptionalMap(string key, IReadOnlyCollection<string> allowedKeys)
    {
        return Has(key) ? RequiredMap(key, allowedKeys) : null;
    }

    public IReadOnlyList<string> StringList(string key, Func<string, bool> isValid, string allowedItem, bool allowEmpty)
    {
        var node = Required(key);
        if (node is not YamlSequenceNode sequence)
        {
            throw Error(FieldPath(key), $"wrong type: expected a list (line {node.Start.Line})", "a list of " + allowedItem);
        }
        var items = new List<string>();
        for (var index = 0; index < sequence.Children.Count; index++)
        {
            var itemPath = $"{FieldPath(key)}[{index}]";
            if (sequence.Children[index] is not YamlScalarNode scalar)
            {
                throw Error(itemPath, "wrong type: expected a single value", allowedItem);
            }
            var text = scalar.Value ?? string.Empty;
            if (text.Length == 0 || !isValid(text))
            {
                throw Error(itemPath, $"bad value '{text}'", allowedItem);
            }
            if (items.Contains(text))
            {
                throw Error(itemPath, $"'{text}' listed twice", "each item once");
            }
            items.Add(text);
        }
        if (items.Count == 0 && !allowEmpty)
        {
            throw Error(FieldPath(key), "the list is empty", "a list of at least one " + allowedItem);
        }
        return items;
    }

    public IReadOnlyList<YamlMap> MapList(string key, IReadOnlyCollection<string> allowedKeys)
    {
        var node = Required(key);
        if (node is not YamlSequenceNode sequence)
        {
            throw Error(FieldPath(key), $"wrong type: expected a list (line {node.Start.Line})", "a list of mappings with fields " + string.Join(", ", allowedKeys));
        }
        var maps = new List<YamlMap>();
        for (var index = 0; index < sequence.Children.Count; index++)
        {
            var itemPath = $"{FieldPath(key)}[{index}]";
            if (sequence.Children[index] is not YamlMappingNode mapping)
            {
                throw Error(itemPath, "wrong type: expected a mapping of fields", "fields " + string.Join(", ", allowedKeys));
            }
            maps.Add(new YamlMap(_fileName, itemPath, mapping, allowedKeys));
        }
        return maps;
    }

    private YamlNode Required(string key)
    {
        if (!_entries.TryGetValue(key, out var node))
        {
            throw Error(FieldPath(key), $"missing required field (in the mapping at line {_node.Start.Line})", "the field must be present");
        }
        return node;
    }

    private string ScalarText(string key, YamlNode node, string expected)
    {
        if (node is not YamlScalarNode scalar)
        {
            throw Error(FieldPath(key), $"wrong type: expected a single value, found a {(node is YamlSequenceNode ? "list" : "mapping")} (line {node.Start.Line})", expected);
        }
        return scalar.Value ?? string.Empty;
    }

    private static string OneLine(string text) => text.Replace('\r', ' ').Replace('\n', ' ');
}
