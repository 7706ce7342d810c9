namespace CoderBootstrap.DevServer.Visibility;

/// <summary><c>field [NOT] BETWEEN low AND high</c>, both bounds inclusive.</summary>
internal sealed class RangeFilter : VisibilityFilter
{
    private readonly VisibilityField field;
    private readonly BoundLiteral low;
    private readonly BoundLiteral high;
    private readonly bool negated;

    public RangeFilter(VisibilityField field, VisibilityLiteral lowLiteral, VisibilityLiteral highLiteral, bool negated)
    {
        VisibilityOperatorRules.EnsureRangeSupported(field);
        this.field = field;
        this.negated = negated;
        low = new BoundLiteral(field, lowLiteral);
        high = new BoundLiteral(field, highLiteral);
    }

    public override bool? Evaluate(VisibilityRecord record)
    {
        if (field.Read(record) is not TypedValue actual || !VisibilityOperatorRules.SupportsRange(actual.Type))
        {
            return null;
        }

        if (low.ValueFor(actual.Type) is not VisibilityValue lowValue || high.ValueFor(actual.Type) is not VisibilityValue highValue)
        {
            return null;
        }

        if (VisibilityValue.Compare(actual.Value, lowValue) is not int fromLow || VisibilityValue.Compare(actual.Value, highValue) is not int fromHigh)
        {
            return null;
        }

        var inside = fromLow >= 0 && fromHigh <= 0;
        return inside != negated;
    }
}
