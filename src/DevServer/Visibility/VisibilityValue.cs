using System.Globalization;

namespace CoderBootstrap.DevServer.Visibility;

/// <summary>A typed, non-null value read from a record or converted from a query literal.</summary>
internal sealed class VisibilityValue
{
    private VisibilityValue(VisibilityValueKind kind, string? text, long integer, double number, bool boolean, DateTime timestamp, IReadOnlyList<string>? list)
    {
        Kind = kind;
        Text = text;
        Integer = integer;
        Number = number;
        Boolean = boolean;
        Timestamp = timestamp;
        List = list;
    }

    public VisibilityValueKind Kind { get; }

    public string? Text { get; }

    public long Integer { get; }

    public double Number { get; }

    public bool Boolean { get; }

    public DateTime Timestamp { get; }

    public IReadOnlyList<string>? List { get; }

    public bool IsNumeric => Kind is VisibilityValueKind.Integer or VisibilityValueKind.Double;

    public static VisibilityValue FromText(string text) => new(VisibilityValueKind.Text, text, 0, 0, false, default, null);

    public static VisibilityValue FromInteger(long value) => new(VisibilityValueKind.Integer, null, value, value, false, default, null);

    public static VisibilityValue FromDouble(double value) => new(VisibilityValueKind.Double, null, 0, value, false, default, null);

    public static VisibilityValue FromBoolean(bool value) => new(VisibilityValueKind.Boolean, null, 0, 0, value, default, null);

    public static VisibilityValue FromTimestamp(DateTime value) =>
        new(VisibilityValueKind.Timestamp, null, 0, 0, false, VisibilityTime.ToUtc(value), null);

    public static VisibilityValue FromList(IReadOnlyList<string> values) => new(VisibilityValueKind.TextList, null, 0, 0, false, default, values);

    /// <summary>
    /// Orders two values of compatible kinds; null when they cannot be compared (the SQL answer is
    /// then unknown).
    /// </summary>
    public static int? Compare(VisibilityValue left, VisibilityValue right)
    {
        if (left.IsNumeric && right.IsNumeric)
        {
            if (left.Kind == VisibilityValueKind.Integer && right.Kind == VisibilityValueKind.Integer)
            {
                return left.Integer.CompareTo(right.Integer);
            }

            return left.Number.CompareTo(right.Number);
        }

        if (left.Kind != right.Kind)
        {
            return null;
        }

        return left.Kind switch
        {
            VisibilityValueKind.Text => string.CompareOrdinal(left.Text, right.Text),
            VisibilityValueKind.Boolean => left.Boolean.CompareTo(right.Boolean),
            VisibilityValueKind.Timestamp => left.Timestamp.CompareTo(right.Timestamp),
            _ => null,
        };
    }

    /// <summary>Total order used by ORDER BY, so records whose values differ in kind still sort deterministically.</summary>
    public static int CompareForSort(VisibilityValue left, VisibilityValue right)
    {
        if (Compare(left, right) is int comparison)
        {
            return comparison;
        }

        var kindComparison = SortRank(left.Kind).CompareTo(SortRank(right.Kind));
        if (kindComparison != 0)
        {
            return kindComparison;
        }

        return string.CompareOrdinal(left.ToString(), right.ToString());
    }

    public override string ToString() => Kind switch
    {
        VisibilityValueKind.Text => Text ?? string.Empty,
        VisibilityValueKind.Integer => Integer.ToString(CultureInfo.InvariantCulture),
        VisibilityValueKind.Double => Number.ToString("R", CultureInfo.InvariantCulture),
        VisibilityValueKind.Boolean => Boolean ? "true" : "false",
        VisibilityValueKind.Timestamp => Timestamp.ToString("O", CultureInfo.InvariantCulture),
        _ => string.Join(",", List ?? []),
    };

    private static int SortRank(VisibilityValueKind kind) => kind switch
    {
        VisibilityValueKind.Integer or VisibilityValueKind.Double => 0,
        _ => (int)kind,
    };
}
