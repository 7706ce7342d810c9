namespace CoderBootstrap.DevServer.Visibility;

/// <summary>
/// A node of a parsed filter. Evaluation follows SQL's three-valued logic: null means unknown (for
/// example comparing an attribute the record does not have), and only true selects a record.
/// </summary>
internal abstract class VisibilityFilter
{
    public abstract bool? Evaluate(VisibilityRecord record);
}
