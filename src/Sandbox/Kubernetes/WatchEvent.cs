using System.Text.Json.Nodes;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>A change to a stored object, as a watch streams it (<c>ADDED</c>, <c>MODIFIED</c>, <c>DELETED</c>).</summary>
internal sealed record WatchEvent(long ResourceVersion, string Type, ResourceKind Kind, JsonObject Object);
