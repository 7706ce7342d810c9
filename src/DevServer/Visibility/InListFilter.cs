using Temporalio.Api.Enums.V1;

namespace CoderBootstrap.DevServer.Visibility;

/// <summary><c>field [NOT] IN (v1, v2, ...)</c>; a keyword list matches when it holds any of the values.</summary>
internal sealed class InListFilter : VisibilityFilter
{
    private readonly VisibilityField field;
    private readonly IReadOnlyList<BoundLiteral> candidates;
    private readonly bool negated;

    public InListFilter(VisibilityField field, IReadOnlyList<VisibilityLiteral> literals, bool negated)
    {
        VisibilityOperatorRules.EnsureSupported(field, negated ? VisibilityOperatorRules.NotIn : VisibilityOperatorRules.In);
        this.field = field;
        this.negated = negated;
        candidates = literals.Select(literal => new BoundLiteral(field, literal)).ToList();
    }

    public override bool? Evaluate(VisibilityRecord record)
    {
        if (field.Read(record) is not TypedValue actual || !VisibilityOperatorRules.Supports(actual.Type, VisibilityOperatorRules.In))
        {
            return null;
        }

        var sawUnknown = false;
        foreach (var candidate in candidates)
        {
            if (candidate.ValueFor(actual.Type) is not VisibilityValue expected)
            {
                sawUnknown = true;
                continue;
            }

            bool? equal = actual.Type == IndexedValueType.KeywordList
                ? actual.Value.List!.Contains(expected.Text!, StringComparer.Ordinal)
                : VisibilityValue.Compare(actual.Value, expected) is int comparison ? comparison == 0 : null;
            if (equal == true)
            {
                return !negated;
            }

            sawUnknown |= equal is null;
        }

        return sawUnknown ? null : negated;
    }
}
