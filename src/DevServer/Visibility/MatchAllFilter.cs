namespace CoderBootstrap.DevServer.Visibility;

internal sealed class MatchAllFilter : VisibilityFilter
{
    public static readonly MatchAllFilter Instance = new();

    public override bool? Evaluate(VisibilityRecord record) => true;
}
