using Temporalio.Api.Enums.V1;

namespace CoderBootstrap.DevServer.Visibility;

/// <summary>
/// <c>field op value</c> with op one of = != &lt; &lt;= &gt; &gt;=. Keyword lists match = when they
/// contain the value; Text attributes match = when any word of the value is one of their words.
/// </summary>
internal sealed class ComparisonFilter : VisibilityFilter
{
    private readonly VisibilityField field;
    private readonly string op;
    private readonly BoundLiteral operand;

    public ComparisonFilter(VisibilityField field, string op, VisibilityLiteral literal)
    {
        VisibilityOperatorRules.EnsureSupported(field, op);
        this.field = field;
        this.op = op;
        operand = new BoundLiteral(field, literal);
    }

    public override bool? Evaluate(VisibilityRecord record)
    {
        if (field.Read(record) is not TypedValue actual || !VisibilityOperatorRules.Supports(actual.Type, op))
        {
            return null;
        }

        if (operand.ValueFor(actual.Type) is not VisibilityValue expected)
        {
            return null;
        }

        if (actual.Type == IndexedValueType.KeywordList)
        {
            var contains = actual.Value.List!.Contains(expected.Text!, StringComparer.Ordinal);
            return op == "=" ? contains : !contains;
        }

        if (actual.Type == IndexedValueType.Text)
        {
            var shared = TextWords.ShareAny(actual.Value.Text!, expected.Text!);
            return op == "=" ? shared : !shared;
        }

        if (VisibilityValue.Compare(actual.Value, expected) is not int comparison)
        {
            return null;
        }

        return op switch
        {
            "=" => comparison == 0,
            "!=" => comparison != 0,
            "<" => comparison < 0,
            "<=" => comparison <= 0,
            ">" => comparison > 0,
            _ => comparison >= 0,
        };
    }
}
