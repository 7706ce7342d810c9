namespace CoderBootstrap.DevServer.Visibility;

internal sealed class OrFilter(VisibilityFilter left, VisibilityFilter right) : VisibilityFilter
{
    public override bool? Evaluate(VisibilityRecord record)
    {
        var leftResult = left.Evaluate(record);
        if (leftResult == true)
        {
            return true;
        }

        var rightResult = right.Evaluate(record);
        if (rightResult == true)
        {
            return true;
        }

        return leftResult == false && rightResult == false ? false : null;
    }
}
