namespace CoderBootstrap.DevServer.Visibility;

/// <summary>Conjunction of a chain of conditions (kept flat so long chains do not nest deeply).</summary>
internal sealed class AndFilter(IReadOnlyList<VisibilityFilter> operands) : VisibilityFilter
{
    public override bool? Evaluate(VisibilityRecord record)
    {
        var allTrue = true;
        foreach (var operand in operands)
        {
            var result = operand.Evaluate(record);
            if (result == false)
            {
                return false;
            }

            allTrue &= result == true;
        }

        return allTrue ? true : null;
    }
}
