namespace CoderBootstrap.DevServer.Visibility;

/// <summary><c>field [NOT] STARTS_WITH 'prefix'</c> on Keyword attributes (case-sensitive).</summary>
internal sealed class StartsWithFilter : VisibilityFilter
{
    private readonly VisibilityField field;
    private readonly BoundLiteral prefix;
    private readonly bool negated;
    private readonly string op;

    public StartsWithFilter(VisibilityField field, VisibilityLiteral prefixLiteral, bool negated)
    {
        op = negated ? VisibilityOperatorRules.NotStartsWith : VisibilityOperatorRules.StartsWith;
        VisibilityOperatorRules.EnsureSupported(field, op);
        this.field = field;
        this.negated = negated;
        prefix = new BoundLiteral(field, prefixLiteral);
    }

    public override bool? Evaluate(VisibilityRecord record)
    {
        if (field.Read(record) is not TypedValue actual || !VisibilityOperatorRules.Supports(actual.Type, op))
        {
            return null;
        }

        if (prefix.ValueFor(actual.Type) is not VisibilityValue expected)
        {
            return null;
        }

        var starts = actual.Value.Text!.StartsWith(expected.Text!, StringComparison.Ordinal);
        return starts != negated;
    }
}
