namespace CoderBootstrap.DevServer.Visibility;

/// <summary><c>IS NULL</c> / <c>IS NOT NULL</c>: whether the record has a value for the field.</summary>
internal sealed class NullCheckFilter(VisibilityField field, bool expectNull) : VisibilityFilter
{
    public override bool? Evaluate(VisibilityRecord record) => (field.Read(record) is null) == expectNull;
}
