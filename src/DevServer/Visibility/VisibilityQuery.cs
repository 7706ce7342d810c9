namespace CoderBootstrap.DevServer.Visibility;

/// <summary>
/// A parsed list filter: which records match and in which order they are listed. Build one with
/// <see cref="VisibilityQueryParser.Parse(string?)"/>; instances are immutable and thread-safe to share.
/// </summary>
public sealed class VisibilityQuery
{
    /// <summary>The order used when the query has no ORDER BY clause.</summary>
    public static readonly IReadOnlyList<VisibilityOrderKey> DefaultOrder = [new VisibilityOrderKey("StartTime", Descending: true)];

    private readonly VisibilityFilter filter;
    private readonly IReadOnlyList<(VisibilityField Field, bool Descending)> ordering;

    internal VisibilityQuery(VisibilityFilter filter, IReadOnlyList<(VisibilityField Field, bool Descending)> ordering, bool hasExplicitOrder)
    {
        this.filter = filter;
        this.ordering = ordering;
        HasExplicitOrder = hasExplicitOrder;
        OrderBy = ordering.Select(key => new VisibilityOrderKey(key.Field.Name, key.Descending)).ToList();
    }

    /// <summary>The ordering applied by <see cref="Apply"/>: the query's ORDER BY keys, or <see cref="DefaultOrder"/>.</summary>
    public IReadOnlyList<VisibilityOrderKey> OrderBy { get; }

    /// <summary>Whether the query text had an ORDER BY clause.</summary>
    public bool HasExplicitOrder { get; }

    /// <summary>Whether the record satisfies the filter (an unknown SQL result counts as no match).</summary>
    public bool Matches(VisibilityRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return filter.Evaluate(record) == true;
    }

    /// <summary>The matching records in list order; ties keep their input order.</summary>
    public IEnumerable<VisibilityRecord> Apply(IEnumerable<VisibilityRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var matching = records.Where(Matches).ToList();
        var positions = new Dictionary<VisibilityRecord, int>(ReferenceEqualityComparer.Instance);
        for (var index = 0; index < matching.Count; index++)
        {
            positions.TryAdd(matching[index], index);
        }

        var sorted = matching.ToArray();
        Array.Sort(sorted, (left, right) =>
        {
            var comparison = CompareByKeys(left, right);
            return comparison != 0 ? comparison : positions[left].CompareTo(positions[right]);
        });
        return sorted;
    }

    private int CompareByKeys(VisibilityRecord left, VisibilityRecord right)
    {
        foreach (var (field, descending) in ordering)
        {
            var leftValue = field.Read(left)?.Value;
            var rightValue = field.Read(right)?.Value;
            int comparison;
            if (leftValue is null || rightValue is null)
            {
                comparison = (leftValue is null ? 0 : 1) - (rightValue is null ? 0 : 1);
            }
            else
            {
                comparison = VisibilityValue.CompareForSort(leftValue, rightValue);
            }

            if (comparison != 0)
            {
                return descending ? -comparison : comparison;
            }
        }

        return 0;
    }
}
