using Temporalio.Api.Enums.V1;

namespace CoderBootstrap.DevServer.Visibility;

/// <summary>Which operators each search attribute type accepts, as on a real server.</summary>
internal static class VisibilityOperatorRules
{
    public const string In = "IN";
    public const string NotIn = "NOT IN";
    public const string StartsWith = "STARTS_WITH";
    public const string NotStartsWith = "NOT STARTS_WITH";

    private static readonly string[] ComparisonOperators = ["=", "!=", "<", ">", "<=", ">=", In, NotIn];
    private static readonly string[] KeywordOperators = [.. ComparisonOperators, StartsWith, NotStartsWith];
    private static readonly string[] KeywordListOperators = ["=", "!=", In, NotIn];
    private static readonly string[] TextOperators = ["=", "!="];

    public static bool Supports(IndexedValueType type, string op) => type switch
    {
        IndexedValueType.Keyword => KeywordOperators.Contains(op),
        IndexedValueType.KeywordList => KeywordListOperators.Contains(op),
        IndexedValueType.Text => TextOperators.Contains(op),
        _ => ComparisonOperators.Contains(op),
    };

    public static bool SupportsRange(IndexedValueType type) =>
        type is IndexedValueType.Datetime or IndexedValueType.Double or IndexedValueType.Int or IndexedValueType.Keyword;

    public static void EnsureSupported(VisibilityField field, string op)
    {
        if (field.DeclaredType is IndexedValueType type && !Supports(type, op))
        {
            throw VisibilityQueryException.Unsupported(
                $"operator '{op}' not supported for {type} type search attribute '{field.Name}'");
        }
    }

    public static void EnsureRangeSupported(VisibilityField field)
    {
        if (field.DeclaredType is IndexedValueType type && !SupportsRange(type))
        {
            throw VisibilityQueryException.Invalid(
                $"cannot do range condition on search attribute '{field.Name}' of type {type}");
        }
    }
}
