namespace CoderBootstrap.DevServer.Visibility;

/// <summary>
/// A list filter that cannot be parsed or applied. The message has the shape of a real server's
/// invalid-argument error ("invalid query: ..."), so the server can pass it to the caller unchanged
/// with gRPC status InvalidArgument.
/// </summary>
public sealed class VisibilityQueryException : Exception
{
    internal const string MalformedQuery = "malformed SQL query";
    internal const string NotSupported = "operation is not supported";
    internal const string InvalidExpression = "invalid expression";

    public VisibilityQueryException(string message)
        : base(message)
    {
    }

    internal static VisibilityQueryException Malformed(string detail) =>
        new($"invalid query: {MalformedQuery}: {detail}");

    internal static VisibilityQueryException Unsupported(string detail) =>
        new($"invalid query: {NotSupported}: {detail}");

    internal static VisibilityQueryException Invalid(string detail) =>
        new($"invalid query: {InvalidExpression}: {detail}");

    internal static VisibilityQueryException UnknownSearchAttribute(string name) =>
        new($"invalid query: invalid search attribute: {name}");
}
