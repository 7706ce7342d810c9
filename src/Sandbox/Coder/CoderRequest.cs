using Microsoft.AspNetCore.Http;

namespace CoderBootstrap.Sandbox.Coder;

/// <summary>A matched request: its path parameters and, on authenticated routes, the signed-in user.</summary>
internal sealed record CoderRequest(HttpContext Context, IReadOnlyDictionary<string, string> Values, CoderClusterDocument.UserRecord? User);
