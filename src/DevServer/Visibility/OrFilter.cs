namespace CoderBootstrap.DevServer.Visibility;

/// <summary>Disjunction of a chain of conditions (kept flat so long chains do not nest deeply).</summary>
internal sealed class OrFilter(IReadOnlyList<VisibilityFilter> operands) : VisibilityFilter
{
    public override bool? Evaluate(VisibilityRecord record)
    {
        var allFalse = true;
        foreach (var operand in operands)
        {
            var result = operand.Evaluate(record);
            if (result == true)
            {
                return true;
            }

            allFalse &= result == false;
        }

        return allFalse ? false : null;
    }
}
