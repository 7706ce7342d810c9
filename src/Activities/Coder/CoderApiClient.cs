using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CoderBootstrap.Activities.Coder;

/// <summary>
/// The calls of Coder's REST API this product makes (health, first user, login, template push).
/// The session token is held by the caller and sent as <c>Coder-Session-Token</c>; it is never logged.
/// Calls answered 429 or 503 (Coder restarting behind its load balancer) are retried in the call.
/// </summary>
public sealed class CoderApiClient
{
    public const string SessionTokenHeader = "Coder-Session-Token";

    private static readonly SocketsHttpHandler SharedSockets = new() { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };

    private static readonly HttpClient PollingHttp = new(SharedSockets, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(60) };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    private readonly Uri _baseUrl;
    private readonly HttpClient _http;

    /// <param name="http">Sends the calls as given (tests); by default a client over shared connections with in-call retries.</param>
    /// <param name="logger">Where the retries are logged.</param>
    public CoderApiClient(string baseUrl, HttpClient? http = null, Serilog.ILogger? logger = null)
    {
        _baseUrl = new Uri(baseUrl.TrimEnd('/') + "/");
        _http = http ?? new HttpClient(new Runtime.TransientHttpRetryHandler("Coder", logger) { InnerHandler = SharedSockets }, disposeHandler: false)
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    /// <summary>A client that makes each call once: for loops that poll anyway (a rollout waiting for /healthz) and heartbeat between polls.</summary>
    public static CoderApiClient ForPolling(string baseUrl) => new(baseUrl, PollingHttp);

    public string? SessionToken { get; set; }

    /// <summary>GET /healthz: true on 200.</summary>
    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "healthz", null, cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>GET /api/v2/buildinfo: the version Coder reports.</summary>
    public async Task<string> GetVersionAsync(CancellationToken cancellationToken)
    {
        var body = await ReadAsync("buildinfo", HttpMethod.Get, "api/v2/buildinfo", null, cancellationToken).ConfigureAwait(false);
        return body["version"]?.GetValue<string>() ?? string.Empty;
    }

    public async Task<bool> HasFirstUserAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "api/v2/users/first", null, cancellationToken).ConfigureAwait(false);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => true,
            HttpStatusCode.NotFound => false,
            _ => throw await ErrorAsync("users/first", response, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>POST /api/v2/users/first; false when a first user already exists (409).</summary>
    public async Task<bool> CreateFirstUserAsync(string email, string userName, string name, string password, CancellationToken cancellationToken)
    {
        var request = new JsonObject { ["email"] = email, ["username"] = userName, ["name"] = name, ["password"] = password, ["trial"] = false };
        using var response = await SendAsync(HttpMethod.Post, "api/v2/users/first", request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync("create first user", response, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>POST /api/v2/users/login; keeps the session token for later calls.</summary>
    public async Task LoginAsync(string email, string password, CancellationToken cancellationToken)
    {
        var body = await ReadAsync("login", HttpMethod.Post, "api/v2/users/login", new JsonObject { ["email"] = email, ["password"] = password }, cancellationToken).ConfigureAwait(false);
        SessionToken = body["session_token"]?.GetValue<string>() ?? throw new CoderApiException("login", HttpStatusCode.OK, "no session token in the answer", null);
    }

    /// <summary>The first organization of the logged-in user (GET /api/v2/users/me).</summary>
    public async Task<Guid> GetOrganizationIdAsync(CancellationToken cancellationToken)
    {
        var body = await ReadAsync("users/me", HttpMethod.Get, "api/v2/users/me", null, cancellationToken).ConfigureAwait(false);
        var first = (body["organization_ids"] as JsonArray)?.FirstOrDefault()?.GetValue<string>();
        return Guid.TryParse(first, out var id) ? id : throw new CoderApiException("users/me", HttpStatusCode.OK, "the admin belongs to no organization", null);
    }

    /// <summary>POST /api/v2/files with a tar archive; returns the file id (its "hash").</summary>
    public async Task<Guid> UploadTarAsync(byte[] archive, CancellationToken cancellationToken)
    {
        using var request = NewRequest(HttpMethod.Post, "api/v2/files");
        request.Content = new ByteArrayContent(archive);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await ReadBodyAsync("upload file", response, cancellationToken).ConfigureAwait(false);
        return ParseGuid(body["hash"], "upload file");
    }

    public async Task<CoderTemplate?> FindTemplateAsync(Guid organizationId, string name, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"api/v2/organizations/{organizationId}/templates/{Uri.EscapeDataString(name)}", null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        return ToTemplate(await ReadBodyAsync("get template", response, cancellationToken).ConfigureAwait(false));
    }

    public async Task<IReadOnlyList<CoderTemplate>> ListTemplatesAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"api/v2/organizations/{organizationId}/templates", null, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync("list templates", response, cancellationToken).ConfigureAwait(false);
        }

        var array = await response.Content.ReadFromJsonAsync<JsonArray>(Json, cancellationToken).ConfigureAwait(false) ?? [];
        return array.OfType<JsonObject>().Select(ToTemplate).ToList();
    }

    public async Task<CoderTemplateVersion> CreateTemplateVersionAsync(Guid organizationId, Guid fileId, Guid? templateId, string message, CancellationToken cancellationToken, string? name = null)
    {
        var request = new JsonObject
        {
            ["message"] = message,
            ["storage_method"] = "file",
            ["file_id"] = fileId.ToString(),
            ["provisioner"] = "terraform",
        };
        if (templateId is { } id)
        {
            request["template_id"] = id.ToString();
        }

        if (name is not null)
        {
            request["name"] = name;
        }

        return ToVersion(await ReadAsync("create template version", HttpMethod.Post, $"api/v2/organizations/{organizationId}/templateversions", request, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>GET /api/v2/templates/{id}/versions: every version of the template.</summary>
    public async Task<IReadOnlyList<CoderTemplateVersion>> ListTemplateVersionsAsync(Guid templateId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"api/v2/templates/{templateId}/versions", null, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync("list template versions", response, cancellationToken).ConfigureAwait(false);
        }

        var array = await response.Content.ReadFromJsonAsync<JsonArray>(Json, cancellationToken).ConfigureAwait(false) ?? [];
        return array.OfType<JsonObject>().Select(ToVersion).ToList();
    }

    public async Task<CoderTemplateVersion> GetTemplateVersionAsync(Guid versionId, CancellationToken cancellationToken) =>
        ToVersion(await ReadAsync("get template version", HttpMethod.Get, $"api/v2/templateversions/{versionId}", null, cancellationToken).ConfigureAwait(false));

    /// <summary>POST /api/v2/organizations/{org}/templates; null when a template of that name appeared meanwhile (409).</summary>
    public async Task<CoderTemplate?> CreateTemplateAsync(Guid organizationId, string name, string description, Guid versionId, CancellationToken cancellationToken)
    {
        var request = new JsonObject
        {
            ["name"] = name,
            ["display_name"] = name,
            ["description"] = description,
            ["template_version_id"] = versionId.ToString(),
        };
        using var response = await SendAsync(HttpMethod.Post, $"api/v2/organizations/{organizationId}/templates", request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return null;
        }

        return ToTemplate(await ReadBodyAsync("create template", response, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>PATCH /api/v2/templates/{id}/versions: makes the version the active one.</summary>
    public async Task PromoteAsync(Guid templateId, Guid versionId, CancellationToken cancellationToken) =>
        await ReadAsync("promote template version", HttpMethod.Patch, $"api/v2/templates/{templateId}/versions", new JsonObject { ["id"] = versionId.ToString() }, cancellationToken).ConfigureAwait(false);

    private static CoderTemplate ToTemplate(JsonObject body) => new(
        ParseGuid(body["id"], "template"),
        body["name"]?.GetValue<string>() ?? string.Empty,
        Guid.TryParse(body["active_version_id"]?.GetValue<string>(), out var active) ? active : Guid.Empty);

    private static CoderTemplateVersion ToVersion(JsonObject body) => new(
        ParseGuid(body["id"], "template version"),
        body["job"]?["status"]?.GetValue<string>() ?? "unknown",
        body["job"]?["error"]?.GetValue<string>(),
        body["name"]?.GetValue<string>());

    private static Guid ParseGuid(JsonNode? node, string operation) =>
        Guid.TryParse(node?.GetValue<string>(), out var id) ? id : throw new CoderApiException(operation, HttpStatusCode.OK, "the answer has no valid id", null);

    private async Task<JsonObject> ReadAsync(string operation, HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, body, cancellationToken).ConfigureAwait(false);
        return await ReadBodyAsync(operation, response, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<JsonObject> ReadBodyAsync(string operation, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(operation, response, cancellationToken).ConfigureAwait(false);
        }

        return await response.Content.ReadFromJsonAsync<JsonObject>(Json, cancellationToken).ConfigureAwait(false)
            ?? throw new CoderApiException(operation, response.StatusCode, "empty answer", null);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        using var request = NewRequest(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        return await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private HttpRequestMessage NewRequest(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(_baseUrl, path));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (SessionToken is not null)
        {
            request.Headers.Add(SessionTokenHeader, SessionToken);
        }

        return request;
    }

    private static async Task<CoderApiException> ErrorAsync(string operation, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string message = response.ReasonPhrase ?? "error";
        string? detail = null;
        try
        {
            if (JsonNode.Parse(text) is JsonObject error)
            {
                message = error["message"]?.GetValue<string>() ?? message;
                detail = error["detail"]?.GetValue<string>();
            }
        }
        catch (JsonException)
        {
            detail = text.Length > 200 ? text[..200] : text;
        }

        return new CoderApiException(operation, response.StatusCode, message, detail);
    }
}
