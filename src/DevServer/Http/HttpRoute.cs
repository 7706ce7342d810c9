using Google.Protobuf.Reflection;

namespace CoderBootstrap.DevServer.Http;

/// <summary>One <c>google.api.http</c> binding of an RPC: verb, path template and where the body goes.</summary>
/// <param name="Body">"*" (the whole request from the body) or "" (no body: everything from the path and query).</param>
public sealed record HttpRoute(string Verb, PathTemplate Path, string Body, MethodDescriptor Method)
{
    /// <summary>gRPC method name, <c>/package.Service/Method</c> without the leading slash.</summary>
    public string FullMethodName => $"{Method.Service.FullName}/{Method.Name}";

    public override string ToString() => $"{Verb} {Path} -> {FullMethodName}";
}

/// <summary>An http rule of a descriptor that the gateway does not serve, and why.</summary>
public sealed record UnsupportedHttpRule(string Verb, string Path, MethodDescriptor Method, string Reason);
