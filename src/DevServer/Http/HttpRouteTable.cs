using Google.Protobuf.Reflection;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Temporalio.Api.Dependencies.Google.Api;

namespace CoderBootstrap.DevServer.Http;

/// <summary>
/// The HTTP API generated from the <c>google.api.http</c> rules that the Temporalio package's
/// descriptors carry (the same rules Temporal's own HTTP API is generated from). Only the
/// <c>/api/v1/...</c> bindings are served: those are what the Web UI calls.
/// </summary>
public sealed class HttpRouteTable
{
    public const string ApiPrefix = "/api/v1/";

    private HttpRouteTable(IReadOnlyList<HttpRoute> routes, IReadOnlyList<UnsupportedHttpRule> unsupported)
    {
        Routes = routes;
        Unsupported = unsupported;
    }

    public IReadOnlyList<HttpRoute> Routes { get; }

    public IReadOnlyList<UnsupportedHttpRule> Unsupported { get; }

    /// <summary>The services whose rules are served: the frontend's WorkflowService and OperatorService.</summary>
    public static IReadOnlyList<ServiceDescriptor> TemporalServices { get; } =
    [
        .. Temporalio.Api.WorkflowService.V1.ServiceReflection.Descriptor.Services,
        .. Temporalio.Api.OperatorService.V1.ServiceReflection.Descriptor.Services,
    ];

    public static HttpRouteTable FromDescriptors(IEnumerable<ServiceDescriptor> services)
    {
        var routes = new List<HttpRoute>();
        var unsupported = new List<UnsupportedHttpRule>();
        foreach (var method in services.SelectMany(s => s.Methods))
        {
            if (method.GetOptions()?.GetExtension(AnnotationsExtensions.Http) is not { } rule)
            {
                continue;
            }
            foreach (var binding in rule.AdditionalBindings.Prepend(rule))
            {
                var (verb, path) = VerbAndPath(binding);
                string? reason = null;
                if (verb is null)
                {
                    reason = "custom verb";
                }
                else if (!path.StartsWith(ApiPrefix, StringComparison.Ordinal))
                {
                    reason = "outside /api/v1 (the real server serves it on its separate HTTP API port; the Web UI never calls it)";
                }
                else if (binding.Body is not ("*" or ""))
                {
                    reason = $"body bound to the field '{binding.Body}'";
                }
                else if (!string.IsNullOrEmpty(binding.ResponseBody))
                {
                    reason = $"response body limited to the field '{binding.ResponseBody}'";
                }
                if (reason is not null)
                {
                    unsupported.Add(new UnsupportedHttpRule(verb ?? binding.Custom?.Kind ?? "?", path, method, reason));
                    continue;
                }
                routes.Add(new HttpRoute(verb!, PathTemplate.Parse(path), binding.Body, method));
            }
        }
        return new HttpRouteTable(routes, unsupported);
    }

    private static (string? Verb, string Path) VerbAndPath(HttpRule rule) => rule.PatternCase switch
    {
        HttpRule.PatternOneofCase.Get => ("GET", rule.Get),
        HttpRule.PatternOneofCase.Post => ("POST", rule.Post),
        HttpRule.PatternOneofCase.Put => ("PUT", rule.Put),
        HttpRule.PatternOneofCase.Delete => ("DELETE", rule.Delete),
        HttpRule.PatternOneofCase.Patch => ("PATCH", rule.Patch),
        _ => (null, rule.Custom?.Path ?? string.Empty),
    };

    /// <summary>
    /// The route for a request: among the templates of that verb matching the raw path, the one
    /// with the most literal segments (so <c>.../workflows/{id}/history</c> is never read as a workflow id).
    /// </summary>
    public HttpRouteMatch Match(string verb, string rawPath)
    {
        var segments = rawPath.TrimStart('/').Split('/');
        HttpRoute? best = null;
        IReadOnlyList<KeyValuePair<string, string>> bestBound = [];
        var pathKnown = false;
        foreach (var route in Routes)
        {
            if (!route.Path.TryMatch(segments, out var bound))
            {
                continue;
            }
            pathKnown = true;
            if (route.Verb == verb && (best is null || route.Path.LiteralCount > best.Path.LiteralCount))
            {
                best = route;
                bestBound = bound;
            }
        }
        return new HttpRouteMatch(best, bestBound, pathKnown);
    }
}

/// <param name="Route">null when nothing matches the verb and path.</param>
/// <param name="PathKnown">Some route has this path (with another verb): the answer is 405, not 404.</param>
public sealed record HttpRouteMatch(HttpRoute? Route, IReadOnlyList<KeyValuePair<string, string>> PathValues, bool PathKnown);
