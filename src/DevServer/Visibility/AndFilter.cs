namespace CoderBootstrap.DevServer.Visibility;

internal sealed class AndFilter(VisibilityFilter left, VisibilityFilter right) : VisibilityFilter
{
    public override bool? Evaluate(VisibilityRecord record)
    {
        var leftResult = left.Evaluate(record);
        if (leftResult == false)
        {
            return false;
        }

        var rightResult = right.Evaluate(record);
        if (rightResult == false)
        {
            return false;
        }

        return leftResult == true && rightResult == true ? true : null;
    }
}
