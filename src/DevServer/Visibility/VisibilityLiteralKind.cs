namespace CoderBootstrap.DevServer.Visibility;

internal enum VisibilityLiteralKind
{
    String,
    Integer,
    Double,
    Boolean,
}
