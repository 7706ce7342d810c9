using System.Text;
using System.Text.Json;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;

namespace CoderBootstrap.DevServer.Visibility;

/// <summary>
/// A search attribute named in a query: one of the system attributes every record has, or a custom
/// attribute read from the record's search attribute payloads.
/// </summary>
internal sealed class VisibilityField
{
    public const string ExecutionStatusName = "ExecutionStatus";

    private static readonly Dictionary<string, IndexedValueType> SystemFields = new(StringComparer.Ordinal)
    {
        ["WorkflowId"] = IndexedValueType.Keyword,
        ["RunId"] = IndexedValueType.Keyword,
        ["WorkflowType"] = IndexedValueType.Keyword,
        [ExecutionStatusName] = IndexedValueType.Keyword,
        ["TaskQueue"] = IndexedValueType.Keyword,
        ["StartTime"] = IndexedValueType.Datetime,
        ["ExecutionTime"] = IndexedValueType.Datetime,
        ["CloseTime"] = IndexedValueType.Datetime,
    };

    // Other attributes a real server defines itself. Records carry them (when the server records them)
    // in SearchAttributes; they are accepted even when a registry of custom attributes is given.
    private static readonly Dictionary<string, IndexedValueType> ServerDefinedAttributes = new(StringComparer.Ordinal)
    {
        ["ExecutionDuration"] = IndexedValueType.Int,
        ["HistoryLength"] = IndexedValueType.Int,
        ["HistorySizeBytes"] = IndexedValueType.Int,
        ["StateTransitionCount"] = IndexedValueType.Int,
        ["BuildIds"] = IndexedValueType.KeywordList,
        ["BinaryChecksums"] = IndexedValueType.KeywordList,
        ["ParentWorkflowId"] = IndexedValueType.Keyword,
        ["ParentRunId"] = IndexedValueType.Keyword,
        ["RootWorkflowId"] = IndexedValueType.Keyword,
        ["RootRunId"] = IndexedValueType.Keyword,
        ["TemporalChangeVersion"] = IndexedValueType.KeywordList,
        ["TemporalScheduledStartTime"] = IndexedValueType.Datetime,
        ["TemporalScheduledById"] = IndexedValueType.Keyword,
        ["TemporalSchedulePaused"] = IndexedValueType.Bool,
    };

    /// <summary>Every attribute the server itself defines (what ListSearchAttributes reports as system attributes).</summary>
    public static IReadOnlyDictionary<string, IndexedValueType> ServerAttributes { get; } =
        SystemFields.Concat(ServerDefinedAttributes).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    private VisibilityField(string name, IndexedValueType? declaredType, bool isSystem)
    {
        Name = name;
        DeclaredType = declaredType;
        IsSystem = isSystem;
    }

    public string Name { get; }

    /// <summary>The attribute's type when known before reading records (system or registered attributes).</summary>
    public IndexedValueType? DeclaredType { get; }

    public bool IsSystem { get; }

    public static VisibilityField Resolve(string name, IReadOnlyDictionary<string, IndexedValueType>? registeredSearchAttributes)
    {
        if (SystemFields.TryGetValue(name, out var systemType))
        {
            return new VisibilityField(name, systemType, isSystem: true);
        }

        if (ServerDefinedAttributes.TryGetValue(name, out var serverType))
        {
            return new VisibilityField(name, serverType, isSystem: false);
        }

        if (registeredSearchAttributes is null)
        {
            return new VisibilityField(name, declaredType: null, isSystem: false);
        }

        if (registeredSearchAttributes.TryGetValue(name, out var registeredType))
        {
            return new VisibilityField(name, registeredType, isSystem: false);
        }

        throw VisibilityQueryException.UnknownSearchAttribute(name);
    }

    /// <summary>Reads the field from a record; null when the record has no value (SQL NULL).</summary>
    public TypedValue? Read(VisibilityRecord record)
    {
        if (IsSystem)
        {
            return ReadSystem(record);
        }

        if (!record.SearchAttributes.TryGetValue(Name, out var payload) || payload is null)
        {
            return null;
        }

        return DecodePayload(payload, DeclaredType);
    }

    /// <summary>Types a literal for this field; throws the server's error when it does not fit.</summary>
    public VisibilityValue ConvertLiteral(VisibilityLiteral literal, IndexedValueType type)
    {
        if (TryConvertLiteral(literal, type, out var value, out var error))
        {
            return value;
        }

        throw error;
    }

    public bool TryConvertLiteral(VisibilityLiteral literal, IndexedValueType type, out VisibilityValue value, out VisibilityQueryException error)
    {
        value = VisibilityValue.FromBoolean(false);
        error = null!;
        if (IsSystem && Name == ExecutionStatusName)
        {
            return TryConvertStatus(literal, out value, out error);
        }

        switch (type)
        {
            case IndexedValueType.Int:
            case IndexedValueType.Double:
                if (literal.Kind == VisibilityLiteralKind.Integer)
                {
                    value = VisibilityValue.FromInteger(literal.Integer);
                    return true;
                }

                if (literal.Kind == VisibilityLiteralKind.Double)
                {
                    value = VisibilityValue.FromDouble(literal.Number);
                    return true;
                }

                break;
            case IndexedValueType.Bool:
                if (literal.Kind == VisibilityLiteralKind.Boolean)
                {
                    value = VisibilityValue.FromBoolean(literal.Boolean);
                    return true;
                }

                break;
            case IndexedValueType.Datetime:
                if (literal.Kind == VisibilityLiteralKind.Integer)
                {
                    value = VisibilityValue.FromTimestamp(DateTime.UnixEpoch.AddTicks(literal.Integer / 100));
                    return true;
                }

                if (literal.Kind == VisibilityLiteralKind.String)
                {
                    if (VisibilityTime.TryParseRfc3339(literal.Text, out var timestamp))
                    {
                        value = VisibilityValue.FromTimestamp(timestamp);
                        return true;
                    }

                    error = VisibilityQueryException.Invalid($"unable to parse datetime '{literal.Text}'");
                    return false;
                }

                break;
            case IndexedValueType.Text:
                if (literal.Kind == VisibilityLiteralKind.String)
                {
                    if (string.IsNullOrWhiteSpace(literal.Text))
                    {
                        error = VisibilityQueryException.Invalid($"no tokens found filtering on Text type search attribute {Name}");
                        return false;
                    }

                    value = VisibilityValue.FromText(literal.Text);
                    return true;
                }

                break;
            default:
                if (literal.Kind == VisibilityLiteralKind.String)
                {
                    value = VisibilityValue.FromText(literal.Text);
                    return true;
                }

                break;
        }

        error = VisibilityQueryException.Invalid(
            $"invalid value type for search attribute {Name} of type {type}: {literal.Describe()}");
        return false;
    }

    private static bool TryConvertStatus(VisibilityLiteral literal, out VisibilityValue value, out VisibilityQueryException error)
    {
        value = VisibilityValue.FromBoolean(false);
        error = null!;
        if (literal.Kind == VisibilityLiteralKind.Integer)
        {
            if (literal.Integer is >= int.MinValue and <= int.MaxValue && Enum.IsDefined(typeof(WorkflowExecutionStatus), (int)literal.Integer))
            {
                value = VisibilityValue.FromText(((WorkflowExecutionStatus)(int)literal.Integer).ToString());
                return true;
            }

            error = VisibilityQueryException.Invalid($"invalid {ExecutionStatusName} value {literal.Text}");
            return false;
        }

        if (literal.Kind == VisibilityLiteralKind.String)
        {
            if (TryParseStatusName(literal.Text, out var status))
            {
                value = VisibilityValue.FromText(status.ToString());
                return true;
            }

            error = VisibilityQueryException.Invalid($"invalid {ExecutionStatusName} value '{literal.Text}'");
            return false;
        }

        error = VisibilityQueryException.Invalid(
            $"unexpected value type {(literal.Kind == VisibilityLiteralKind.Boolean ? "bool" : "float64")} for search attribute {ExecutionStatusName}");
        return false;
    }

    // Accepts the names the server prints ("Running") and the protobuf enum names
    // ("WORKFLOW_EXECUTION_STATUS_RUNNING"), both case-sensitive as on a real server.
    private static bool TryParseStatusName(string text, out WorkflowExecutionStatus status)
    {
        foreach (var candidate in Enum.GetValues<WorkflowExecutionStatus>())
        {
            var shortName = candidate.ToString();
            if (text == shortName || text == "WORKFLOW_EXECUTION_STATUS_" + ToScreamingSnakeCase(shortName))
            {
                status = candidate;
                return true;
            }
        }

        status = WorkflowExecutionStatus.Unspecified;
        return false;
    }

    private static string ToScreamingSnakeCase(string pascalCase)
    {
        var builder = new StringBuilder();
        for (var index = 0; index < pascalCase.Length; index++)
        {
            if (index > 0 && char.IsUpper(pascalCase[index]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToUpperInvariant(pascalCase[index]));
        }

        return builder.ToString();
    }

    private TypedValue? ReadSystem(VisibilityRecord record) => Name switch
    {
        "WorkflowId" => Keyword(record.WorkflowId),
        "RunId" => Keyword(record.RunId),
        "WorkflowType" => Keyword(record.WorkflowType),
        ExecutionStatusName => Keyword(record.Status.ToString()),
        "TaskQueue" => Keyword(record.TaskQueue),
        "StartTime" => Timestamp(record.StartTime),
        "ExecutionTime" => Timestamp(record.ExecutionTime),
        "CloseTime" => record.CloseTime is DateTime closeTime ? Timestamp(closeTime) : null,
        _ => null,
    };

    private static TypedValue Keyword(string text) => new(VisibilityValue.FromText(text), IndexedValueType.Keyword);

    private static TypedValue Timestamp(DateTime time) => new(VisibilityValue.FromTimestamp(time), IndexedValueType.Datetime);

    private static TypedValue? DecodePayload(Payload payload, IndexedValueType? declaredType)
    {
        if (payload.Metadata.TryGetValue("encoding", out var encoding) && encoding.ToStringUtf8() == "binary/null")
        {
            return null;
        }

        JsonElement json;
        try
        {
            using var document = JsonDocument.Parse(payload.Data.Memory);
            json = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }

        var type = declaredType ?? TypeFromMetadata(payload) ?? InferType(json);
        var value = type switch
        {
            IndexedValueType.Keyword or IndexedValueType.Text =>
                json.ValueKind == JsonValueKind.String ? VisibilityValue.FromText(json.GetString()!) : null,
            IndexedValueType.Int => ReadNumber(json),
            IndexedValueType.Double => ReadNumber(json),
            IndexedValueType.Bool => json.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? VisibilityValue.FromBoolean(json.GetBoolean())
                : null,
            IndexedValueType.Datetime => json.ValueKind == JsonValueKind.String && VisibilityTime.TryParseRfc3339(json.GetString()!, out var time)
                ? VisibilityValue.FromTimestamp(time)
                : null,
            IndexedValueType.KeywordList => ReadList(json),
            _ => null,
        };
        return value is null ? null : new TypedValue(value, type);
    }

    private static IndexedValueType? TypeFromMetadata(Payload payload)
    {
        if (!payload.Metadata.TryGetValue("type", out var typeBytes))
        {
            return null;
        }

        var typeName = typeBytes.ToStringUtf8();
        if (typeName.StartsWith("INDEXED_VALUE_TYPE_", StringComparison.Ordinal))
        {
            typeName = typeName["INDEXED_VALUE_TYPE_".Length..].Replace("_", string.Empty, StringComparison.Ordinal);
        }

        foreach (var candidate in Enum.GetValues<IndexedValueType>())
        {
            if (candidate != IndexedValueType.Unspecified && string.Equals(candidate.ToString(), typeName, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        return null;
    }

    private static IndexedValueType InferType(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Number => json.TryGetInt64(out _) ? IndexedValueType.Int : IndexedValueType.Double,
        JsonValueKind.True or JsonValueKind.False => IndexedValueType.Bool,
        JsonValueKind.Array => IndexedValueType.KeywordList,
        _ => IndexedValueType.Keyword,
    };

    private static VisibilityValue? ReadNumber(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Number)
        {
            return null;
        }

        return json.TryGetInt64(out var integer) ? VisibilityValue.FromInteger(integer) : VisibilityValue.FromDouble(json.GetDouble());
    }

    private static VisibilityValue? ReadList(JsonElement json)
    {
        if (json.ValueKind == JsonValueKind.String)
        {
            return VisibilityValue.FromList([json.GetString()!]);
        }

        if (json.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var items = new List<string>();
        foreach (var item in json.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                items.Add(item.GetString()!);
            }
        }

        return VisibilityValue.FromList(items);
    }
}
