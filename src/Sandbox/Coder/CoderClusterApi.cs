using CoderBootstrap.Sandbox.Core;
using CoderBootstrap.Sandbox.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using static CoderBootstrap.Sandbox.Coder.CoderClusterDocument;

namespace CoderBootstrap.Sandbox.Coder;

/// <summary>
/// The Coder REST API of one sandbox cluster, routed over its resources (deployment, users and
/// sessions, files, organizations, template versions, templates). State is one document per
/// cluster, saved through the sandbox state store after every change.
/// </summary>
internal sealed class CoderClusterApi : SandboxApi<HttpContext>
{
    private readonly CoderClusterState _state;
    private readonly CoderUsersApi _users;
    private readonly IReadOnlyList<CoderRoute> _routes;

    public CoderClusterApi(string clusterId, ISandboxRuntime runtime, CoderBackendState backend, ILogger logger)
        : base(runtime, logger)
    {
        _state = new CoderClusterState(clusterId, runtime, backend);
        _users = new CoderUsersApi(_state);
        var organizations = new CoderOrganizationsApi(_state);
        var versions = new CoderTemplateVersionsApi(_state, organizations);
        _routes =
        [
            .. new CoderDeploymentApi(_state).Routes,
            .. _users.Routes,
            .. new CoderFilesApi(_state).Routes,
            .. versions.Routes,
            .. organizations.Routes,
            .. new CoderTemplatesApi(_state, organizations, versions).Routes,
        ];
    }

    public int LastPort
    {
        get => _state.Read(document => document.LastPort);
        set
        {
            lock (_state.Gate)
            {
                _state.Document.LastPort = value;
                _state.Persist();
            }
        }
    }

    protected override HttpContext Parse(HttpContext context) => context;

    protected override SandboxEndpoint Route(HttpContext context)
    {
        var (route, values) = Match(context.Request.Method, context.Request.Path.Value ?? "/");
        UserRecord? user = null;
        return new SandboxEndpoint(route.Operation, route.Mutation, () => route.Handler(new CoderRequest(context, values, user)))
        {
            Authenticate = route.RequiresAuthentication ? () => user = _users.Authenticate(context.Request) : null,
        };
    }

    protected override Exception FaultError(SandboxFault fault) => new CoderApiException(fault.StatusCode, fault.Message, fault.ErrorType);

    protected override async Task<bool> TryWriteErrorAsync(HttpContext context, Exception error)
    {
        if (error is not CoderApiException coderError)
        {
            return false;
        }

        await CoderHttp.WriteJsonAsync(context, coderError.StatusCode, new
        {
            coderError.Message,
            Detail = coderError.Detail ?? "",
            Validations = coderError.Validations.Count == 0 ? null : coderError.Validations,
        });
        return true;
    }

    protected override Task WriteUnexpectedErrorAsync(HttpContext context, Exception error) =>
        CoderHttp.WriteJsonAsync(context, 500, new { Message = "An internal error occurred.", Detail = error.Message });

    private (CoderRoute Route, Dictionary<string, string> Values) Match(string method, string path)
    {
        var segments = path.TrimEnd('/').Split('/');
        var pathMatched = false;
        foreach (var route in _routes)
        {
            var values = route.TryMatch(segments);
            if (values is null)
            {
                continue;
            }

            pathMatched = true;
            if (string.Equals(route.Method, method, StringComparison.OrdinalIgnoreCase))
            {
                return (route, values);
            }
        }

        throw pathMatched ? new CoderApiException(405, "Method not allowed.") : new CoderApiException(404, "Route not found.");
    }
}
