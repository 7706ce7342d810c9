namespace CoderBootstrap.DevServer.Visibility;

internal sealed class NotFilter(VisibilityFilter inner) : VisibilityFilter
{
    public override bool? Evaluate(VisibilityRecord record) => inner.Evaluate(record) is bool result ? !result : null;
}
