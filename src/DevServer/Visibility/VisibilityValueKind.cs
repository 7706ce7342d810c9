namespace CoderBootstrap.DevServer.Visibility;

internal enum VisibilityValueKind
{
    Text,
    Integer,
    Double,
    Boolean,
    Timestamp,
    TextList,
}
