using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CoderBootstrap.Sandbox.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using static CoderBootstrap.Sandbox.Coder.CoderClusterDocument;

namespace CoderBootstrap.Sandbox.Coder;

/// <summary>
/// The Coder REST API of one sandbox cluster: first user, login, session tokens, files, template
/// versions with their import job, templates and the health report. State is one document per
/// cluster, saved through the sandbox state store after every change.
/// </summary>
internal sealed class CoderClusterApi
{
    private const string SessionTokenHeader = "Coder-Session-Token";
    private const string SessionCookie = "coder_session_token";
    private const string SignedOutMessage = "You are signed out or your session has expired. Please sign in again to continue.";
    private const string DefaultVersion = "v2.27.1";
    private static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(24);
    private static readonly TimeSpan RealisticJobQueueDelay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RealisticImportDuration = TimeSpan.FromSeconds(25);

    private readonly Lock _gate = new();
    private readonly ISandboxRuntime _runtime;
    private readonly ILogger _logger;
    private readonly CoderBackendState _backend;
    private readonly string _stateKey;
    private readonly CoderClusterDocument _document;
    private readonly IReadOnlyList<CoderRoute> _routes;

    public CoderClusterApi(string clusterId, ISandboxRuntime runtime, CoderBackendState backend, ILogger logger)
    {
        _logger = logger;
        _runtime = runtime;
        _backend = backend;
        _stateKey = "coder.cluster." + clusterId;
        _document = runtime.State.Load<CoderClusterDocument>(_stateKey) ?? new CoderClusterDocument();
        _routes =
        [
            new("GET", "/healthz", "coder.healthz.get", false, false, GetHealthzAsync),
            new("GET", "/api/v2/buildinfo", "coder.buildinfo.get", false, false, GetBuildInfoAsync),
            new("GET", "/api/v2/users/first", "coder.users.first.get", false, false, GetFirstUserAsync),
            new("POST", "/api/v2/users/first", "coder.users.first.create", true, false, CreateFirstUserAsync),
            new("POST", "/api/v2/users/login", "coder.users.login", true, false, LoginAsync),
            new("GET", "/api/v2/users/me", "coder.users.me.get", false, true, GetMeAsync),
            new("POST", "/api/v2/files", "coder.files.create", true, true, UploadFileAsync),
            new("GET", "/api/v2/files/{file}", "coder.files.get", false, true, DownloadFileAsync),
            new("POST", "/api/v2/organizations/{organization}/templateversions", "coder.templateversions.create", true, true, CreateTemplateVersionAsync),
            new("GET", "/api/v2/templateversions/{templateversion}", "coder.templateversions.get", false, true, GetTemplateVersionAsync),
            new("GET", "/api/v2/organizations/{organization}/templates", "coder.templates.list", false, true, ListTemplatesAsync),
            new("POST", "/api/v2/organizations/{organization}/templates", "coder.templates.create", true, true, CreateTemplateAsync),
            new("GET", "/api/v2/organizations/{organization}/templates/{templatename}", "coder.templates.get", false, true, GetTemplateByNameAsync),
            new("GET", "/api/v2/organizations", "coder.organizations.list", false, true, ListOrganizationsAsync),
            new("GET", "/api/v2/organizations/{organization}", "coder.organizations.get", false, true, GetOrganizationAsync),
            new("GET", "/api/v2/templates/{template}", "coder.templates.get", false, true, GetTemplateAsync),
            new("PATCH", "/api/v2/templates/{template}", "coder.templates.update", true, true, UpdateTemplateAsync),
            new("GET", "/api/v2/templates/{template}/versions", "coder.templates.versions.list", false, true, ListTemplateVersionsAsync),
            new("PATCH", "/api/v2/templates/{template}/versions", "coder.templates.versions.update", true, true, PromoteTemplateVersionAsync),
            new("GET", "/api/v2/debug/health", "coder.debug.health.get", false, true, GetHealthReportAsync),
        ];
    }

    public int LastPort
    {
        get
        {
            lock (_gate)
            {
                return _document.LastPort;
            }
        }

        set
        {
            lock (_gate)
            {
                _document.LastPort = value;
                Persist();
            }
        }
    }

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            var (route, values) = Match(context.Request.Method, context.Request.Path.Value ?? "/");
            var fault = await _runtime.EnterAsync(route.Operation, route.Mutation, context.RequestAborted);
            if (fault is not null)
            {
                throw new CoderApiException(fault.StatusCode, fault.Message, fault.ErrorType);
            }

            var user = route.RequiresAuthentication ? Authenticate(context.Request) : null;
            await route.Handler(new CoderRequest(context, values, user));
        }
        catch (CoderApiException error)
        {
            await WriteJsonAsync(context, error.StatusCode, new
            {
                error.Message,
                Detail = error.Detail ?? "",
                Validations = error.Validations.Count == 0 ? null : error.Validations,
            });
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        catch (Exception unexpected) when (!context.Response.HasStarted)
        {
            _logger.LogError(unexpected, "Coder {Method} {Path} failed unexpectedly", context.Request.Method, context.Request.Path);
            await WriteJsonAsync(context, 500, new { Message = "An internal error occurred.", Detail = unexpected.Message });
        }
    }

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

    private UserRecord Authenticate(HttpRequest request)
    {
        var token = request.Headers[SessionTokenHeader].ToString();
        if (token.Length == 0)
        {
            token = request.Cookies[SessionCookie] ?? request.Query[SessionCookie].ToString();
        }

        if (token.Length == 0)
        {
            throw new CoderApiException(401, SignedOutMessage, $"Cookie \"{SessionCookie}\" or query parameter must be provided.");
        }

        var separator = token.IndexOf('-');
        if (separator <= 0)
        {
            throw new CoderApiException(401, SignedOutMessage, $"Invalid \"{SessionCookie}\" cookie: API key format is invalid.");
        }

        var keyId = token[..separator];
        var hashedSecret = HashSecret(token[(separator + 1)..]);
        lock (_gate)
        {
            var session = _document.Sessions.FirstOrDefault(s => s.KeyId == keyId);
            if (session is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(session.HashedSecret), Encoding.ASCII.GetBytes(hashedSecret)))
            {
                throw new CoderApiException(401, SignedOutMessage, "API key secret is invalid.");
            }

            if (session.ExpiresAt <= Now())
            {
                throw new CoderApiException(401, SignedOutMessage, $"API key expired at \"{session.ExpiresAt:O}\".");
            }

            return _document.Users.First(u => u.Id == session.UserId);
        }
    }

    private static async Task GetHealthzAsync(CoderRequest request)
    {
        request.Context.Response.StatusCode = 200;
        request.Context.Response.ContentType = "text/plain; charset=utf-8";
        await request.Context.Response.WriteAsync("OK", request.Context.RequestAborted);
    }

    private Task GetBuildInfoAsync(CoderRequest request)
    {
        var environment = _backend.Current;
        var accessUrl = environment.Get("CODER_ACCESS_URL");
        Guid deploymentId;
        lock (_gate)
        {
            deploymentId = _document.DeploymentId;
        }

        return WriteJsonAsync(request.Context, 200, new
        {
            ExternalUrl = accessUrl,
            Version = CoderVersion(),
            DashboardUrl = accessUrl,
            Telemetry = false,
            WorkspaceProxy = false,
            AgentApiVersion = "2.0",
            ProvisionerApiVersion = "1.4",
            UpgradeMessage = "",
            DeploymentId = deploymentId,
            WebpushPublicKey = "",
        });
    }

    private Task GetFirstUserAsync(CoderRequest request)
    {
        bool exists;
        lock (_gate)
        {
            exists = _document.Users.Count > 0;
        }

        return exists
            ? WriteJsonAsync(request.Context, 200, new { Message = "The initial user has already been created!" })
            : throw new CoderApiException(404, "The initial user has not been created!");
    }

    private async Task CreateFirstUserAsync(CoderRequest request)
    {
        var body = await ReadJsonAsync<CreateFirstUserBody>(request.Context);
        var fieldErrors = CoderUserValidation.ValidateFields(body.Email, body.Username, body.Password);
        if (fieldErrors.Count > 0)
        {
            throw new CoderApiException(400, "Validation failed.") { Validations = fieldErrors };
        }

        lock (_gate)
        {
            if (_document.Users.Count > 0)
            {
                throw new CoderApiException(409, "The initial user has already been created.");
            }
        }

        if (CoderUserValidation.FindPasswordProblem(body.Password!) is { } passwordProblem)
        {
            throw new CoderApiException(400, "Password not strong enough!") { Validations = [new("password", passwordProblem)] };
        }

        var hashedPassword = CoderPasswordHasher.Hash(body.Password!);
        UserRecord user;
        OrganizationRecord organization;
        lock (_gate)
        {
            if (_document.Users.Count > 0)
            {
                throw new CoderApiException(409, "The initial user has already been created.");
            }

            var now = Now();
            organization = _document.Organization ??= new OrganizationRecord { Id = Guid.NewGuid(), CreatedAt = now };
            user = new UserRecord
            {
                Id = Guid.NewGuid(),
                Email = body.Email!,
                Username = body.Username!,
                Name = body.Name ?? "",
                HashedPassword = hashedPassword,
                CreatedAt = now,
                LastSeenAt = now,
            };
            _document.Users.Add(user);
            Persist();
        }

        await WriteJsonAsync(request.Context, 201, new { UserId = user.Id, OrganizationId = organization.Id });
    }

    private async Task LoginAsync(CoderRequest request)
    {
        var body = await ReadJsonAsync<LoginBody>(request.Context);
        var errors = new List<CoderValidationError>();
        if (string.IsNullOrEmpty(body.Email))
        {
            errors.Add(new("email", "Validation failed for tag \"required\" with value: \"\""));
        }

        if (string.IsNullOrEmpty(body.Password))
        {
            errors.Add(new("password", "Validation failed for tag \"required\" with value: \"\""));
        }

        if (errors.Count > 0)
        {
            throw new CoderApiException(400, "Validation failed.") { Validations = errors };
        }

        UserRecord? user;
        lock (_gate)
        {
            user = _document.Users.FirstOrDefault(u => string.Equals(u.Email, body.Email, StringComparison.OrdinalIgnoreCase));
        }

        if (user is null || !CoderPasswordHasher.Verify(body.Password!, user.HashedPassword))
        {
            throw new CoderApiException(401, "Incorrect email or password.");
        }

        var keyId = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 10);
        var secret = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 22);
        lock (_gate)
        {
            var now = Now();
            _document.Sessions.RemoveAll(s => s.ExpiresAt <= now);
            _document.Sessions.Add(new SessionRecord { KeyId = keyId, HashedSecret = HashSecret(secret), UserId = user.Id, ExpiresAt = now + SessionLifetime });
            user.LastSeenAt = now;
            Persist();
        }

        await WriteJsonAsync(request.Context, 201, new { SessionToken = keyId + "-" + secret });
    }

    private Task GetMeAsync(CoderRequest request)
    {
        lock (_gate)
        {
            return WriteJsonAsync(request.Context, 200, UserView(request.User!));
        }
    }

    private async Task UploadFileAsync(CoderRequest request)
    {
        var contentType = request.Context.Request.ContentType ?? "";
        var mediaType = contentType.Split(';')[0].Trim();
        if (!string.Equals(mediaType, "application/x-tar", StringComparison.OrdinalIgnoreCase))
        {
            throw new CoderApiException(400, $"Unsupported content type header \"{contentType}\".");
        }

        using var buffer = new MemoryStream();
        await request.Context.Request.Body.CopyToAsync(buffer, request.Context.RequestAborted);
        var content = buffer.ToArray();
        if (!TemplateArchive.TryParse(content, out _, out var problem))
        {
            throw new CoderApiException(400, "The uploaded file is not a valid tar archive.", problem);
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        FileRecord file;
        var created = false;
        lock (_gate)
        {
            var existing = _document.Files.FirstOrDefault(f => f.Sha256 == sha256 && f.CreatedBy == request.User!.Id);
            if (existing is null)
            {
                existing = new FileRecord { Id = Guid.NewGuid(), Sha256 = sha256, Mimetype = mediaType, Content = content, CreatedBy = request.User!.Id, CreatedAt = Now() };
                _document.Files.Add(existing);
                Persist();
                created = true;
            }

            file = existing;
        }

        await WriteJsonAsync(request.Context, created ? 201 : 200, new { Hash = file.Id });
    }

    private async Task DownloadFileAsync(CoderRequest request)
    {
        var id = ParseUuid(request.Values["file"]);
        FileRecord file;
        lock (_gate)
        {
            file = _document.Files.FirstOrDefault(f => f.Id == id) ?? throw CoderApiException.ResourceNotFound();
        }

        request.Context.Response.StatusCode = 200;
        request.Context.Response.ContentType = file.Mimetype;
        request.Context.Response.ContentLength = file.Content.Length;
        await request.Context.Response.Body.WriteAsync(file.Content, request.Context.RequestAborted);
    }

    private async Task CreateTemplateVersionAsync(CoderRequest request)
    {
        ResolveOrganization(request.Values["organization"]);
        var body = await ReadJsonAsync<CreateTemplateVersionBody>(request.Context);
        var errors = new List<CoderValidationError>();
        if (body.StorageMethod is not null && body.StorageMethod != "file")
        {
            errors.Add(new("storage_method", $"Validation failed for tag \"oneof\" with value: \"{body.StorageMethod}\""));
        }

        if (body.Provisioner is not ("terraform" or "echo"))
        {
            errors.Add(new("provisioner", $"Validation failed for tag \"oneof\" with value: \"{body.Provisioner}\""));
        }

        if (body.FileId is null)
        {
            errors.Add(new("file_id", "Validation failed for tag \"required_without\" with value: \"\""));
        }

        if (!string.IsNullOrEmpty(body.Name) && !CoderUserValidation.IsValidTemplateVersionName(body.Name))
        {
            errors.Add(new("name", $"Validation failed for tag \"template_version_name\" with value: \"{body.Name}\""));
        }

        if (errors.Count > 0)
        {
            throw new CoderApiException(400, "Validation failed.") { Validations = errors };
        }

        FileRecord file;
        lock (_gate)
        {
            file = _document.Files.FirstOrDefault(f => f.Id == body.FileId) ?? throw new CoderApiException(404, "File not found.");
            if (body.TemplateId is { } templateId)
            {
                if (_document.Templates.All(t => t.Id != templateId))
                {
                    throw new CoderApiException(404, "Template not found.");
                }

                if (!string.IsNullOrEmpty(body.Name) && _document.TemplateVersions.Any(v => v.TemplateId == templateId && v.Name == body.Name))
                {
                    throw new CoderApiException(409, $"A template version with name \"{body.Name}\" already exists for this template.")
                    {
                        Validations = [new("name", "This value is already in use and should be unique.")],
                    };
                }
            }
        }

        var jobError = TemplateArchive.TryParse(file.Content, out var archive, out var parseProblem)
            ? archive!.FindImportProblem()
            : "template archive: " + parseProblem;
        var importFault = await _runtime.EnterAsync("coder.templateversions.import", true, request.Context.RequestAborted);
        if (importFault is not null)
        {
            jobError ??= importFault.Message;
        }

        var now = Now();
        var startsAt = now + _runtime.Scale(RealisticJobQueueDelay);
        var version = new TemplateVersionRecord
        {
            Id = Guid.NewGuid(),
            TemplateId = body.TemplateId,
            Name = string.IsNullOrEmpty(body.Name) ? CoderNames.RandomVersionName() : body.Name,
            Message = body.Message ?? "",
            Readme = archive?.Readme ?? "",
            FileId = file.Id,
            CreatedBy = request.User!.Id,
            CreatedAt = now,
            JobId = Guid.NewGuid(),
            JobStartsAt = startsAt,
            JobCompletesAt = startsAt + _runtime.Scale(RealisticImportDuration),
            JobError = jobError,
        };
        lock (_gate)
        {
            _document.TemplateVersions.Add(version);
            Persist();
        }

        await WriteLockedJsonAsync(request.Context, 201, () => TemplateVersionView(version));
    }

    private Task GetTemplateVersionAsync(CoderRequest request)
    {
        var id = ParseUuid(request.Values["templateversion"]);
        return WriteLockedJsonAsync(request.Context, 200, () =>
            TemplateVersionView(_document.TemplateVersions.FirstOrDefault(v => v.Id == id) ?? throw CoderApiException.ResourceNotFound()));
    }

    private Task ListTemplatesAsync(CoderRequest request)
    {
        ResolveOrganization(request.Values["organization"]);
        return WriteLockedJsonAsync(request.Context, 200, () =>
            _document.Templates.OrderBy(t => t.Name, StringComparer.Ordinal).Select(TemplateView).ToList());
    }

    private Task GetTemplateByNameAsync(CoderRequest request)
    {
        ResolveOrganization(request.Values["organization"]);
        var name = request.Values["templatename"];
        return WriteLockedJsonAsync(request.Context, 200, () =>
            TemplateView(_document.Templates.FirstOrDefault(t => t.Name == name) ?? throw CoderApiException.ResourceNotFound()));
    }

    private Task GetTemplateAsync(CoderRequest request)
    {
        var id = ParseUuid(request.Values["template"]);
        return WriteLockedJsonAsync(request.Context, 200, () =>
            TemplateView(_document.Templates.FirstOrDefault(t => t.Id == id) ?? throw CoderApiException.ResourceNotFound()));
    }

    private Task ListTemplateVersionsAsync(CoderRequest request)
    {
        var id = ParseUuid(request.Values["template"]);
        return WriteLockedJsonAsync(request.Context, 200, () =>
        {
            if (_document.Templates.All(t => t.Id != id))
            {
                throw CoderApiException.ResourceNotFound();
            }

            return _document.TemplateVersions.Where(v => v.TemplateId == id).OrderBy(v => v.CreatedAt).Select(TemplateVersionView).ToList();
        });
    }

    private async Task CreateTemplateAsync(CoderRequest request)
    {
        ResolveOrganization(request.Values["organization"]);
        var body = await ReadJsonAsync<CreateTemplateBody>(request.Context);
        var errors = new List<CoderValidationError>();
        if (string.IsNullOrEmpty(body.Name))
        {
            errors.Add(new("name", "Validation failed for tag \"required\" with value: \"\""));
        }
        else if (!CoderUserValidation.IsValidUsername(body.Name))
        {
            errors.Add(new("name", $"Validation failed for tag \"template_name\" with value: \"{body.Name}\""));
        }

        if (body.TemplateVersionId is null)
        {
            errors.Add(new("template_version_id", "Validation failed for tag \"required\" with value: \"\""));
        }

        if (errors.Count > 0)
        {
            throw new CoderApiException(400, "Validation failed.") { Validations = errors };
        }

        TemplateRecord template;
        lock (_gate)
        {
            if (_document.Templates.Any(t => t.Name == body.Name))
            {
                throw new CoderApiException(409, $"Template with name \"{body.Name}\" already exists.")
                {
                    Validations = [new("name", "This value is already in use and should be unique.")],
                };
            }

            var version = _document.TemplateVersions.FirstOrDefault(v => v.Id == body.TemplateVersionId)
                ?? throw new CoderApiException(404, $"Template version \"{body.TemplateVersionId}\" not found.");
            if (version.TemplateId is not null)
            {
                throw new CoderApiException(400, $"Template version \"{version.Id}\" is already part of a template.");
            }

            EnsureImported(version);
            var now = Now();
            template = new TemplateRecord
            {
                Id = Guid.NewGuid(),
                Name = body.Name!,
                DisplayName = body.DisplayName ?? "",
                Description = body.Description ?? "",
                Icon = body.Icon ?? "",
                ActiveVersionId = version.Id,
                DefaultTtlMs = body.DefaultTtlMs ?? 0,
                ActivityBumpMs = body.ActivityBumpMs ?? (long)TimeSpan.FromHours(1).TotalMilliseconds,
                CreatedBy = request.User!.Id,
                CreatedAt = now,
                UpdatedAt = now,
            };
            version.TemplateId = template.Id;
            _document.Templates.Add(template);
            Persist();
        }

        await WriteLockedJsonAsync(request.Context, 201, () => TemplateView(template));
    }

    private async Task PromoteTemplateVersionAsync(CoderRequest request)
    {
        var templateId = ParseUuid(request.Values["template"]);
        var body = await ReadJsonAsync<UpdateActiveVersionBody>(request.Context);
        if (body.Id is null)
        {
            throw CoderApiException.ValidationFailed(new CoderValidationError("id", "Validation failed for tag \"required\" with value: \"\""));
        }

        lock (_gate)
        {
            var template = _document.Templates.FirstOrDefault(t => t.Id == templateId) ?? throw CoderApiException.ResourceNotFound();
            var version = _document.TemplateVersions.FirstOrDefault(v => v.Id == body.Id)
                ?? throw new CoderApiException(404, "Template version not found.");
            if (version.TemplateId != template.Id)
            {
                throw new CoderApiException(400, "The provided template version doesn't belong to the specified template.");
            }

            EnsureImported(version);
            template.ActiveVersionId = version.Id;
            template.UpdatedAt = Now();
            Persist();
        }

        await WriteJsonAsync(request.Context, 200, new { Message = "Updated the active template version!" });
    }

    private Task ListOrganizationsAsync(CoderRequest request)
    {
        lock (_gate)
        {
            var organizations = _document.Organization is null ? [] : new[] { OrganizationView(_document.Organization) };
            return WriteJsonAsync(request.Context, 200, organizations);
        }
    }

    private Task GetOrganizationAsync(CoderRequest request) =>
        WriteJsonAsync(request.Context, 200, OrganizationView(ResolveOrganization(request.Values["organization"])));

    private async Task UpdateTemplateAsync(CoderRequest request)
    {
        var templateId = ParseUuid(request.Values["template"]);
        var body = await ReadJsonAsync<UpdateTemplateBody>(request.Context);
        if (body.Name is { } newName && !CoderUserValidation.IsValidUsername(newName))
        {
            throw CoderApiException.ValidationFailed(new CoderValidationError("name", $"Validation failed for tag \"template_name\" with value: \"{newName}\""));
        }

        if (body.DefaultTtlMs < 0 || body.ActivityBumpMs < 0)
        {
            throw CoderApiException.ValidationFailed(new CoderValidationError(body.DefaultTtlMs < 0 ? "default_ttl_ms" : "activity_bump_ms", "Must be a positive integer."));
        }

        object view;
        lock (_gate)
        {
            var template = _document.Templates.FirstOrDefault(t => t.Id == templateId) ?? throw CoderApiException.ResourceNotFound();
            if (body.Name is { } name && name != template.Name && _document.Templates.Any(t => t.Name == name))
            {
                throw new CoderApiException(409, $"Template with name \"{name}\" already exists.")
                {
                    Validations = [new("name", "This value is already in use and should be unique.")],
                };
            }

            var updated = (
                Name: body.Name ?? template.Name,
                DisplayName: body.DisplayName ?? template.DisplayName,
                Description: body.Description ?? template.Description,
                Icon: body.Icon ?? template.Icon,
                DefaultTtlMs: body.DefaultTtlMs ?? template.DefaultTtlMs,
                ActivityBumpMs: body.ActivityBumpMs ?? template.ActivityBumpMs);
            if (updated == (template.Name, template.DisplayName, template.Description, template.Icon, template.DefaultTtlMs, template.ActivityBumpMs))
            {
                // Coder answers 304 without a body when the update changes nothing.
                request.Context.Response.StatusCode = 304;
                return;
            }

            (template.Name, template.DisplayName, template.Description, template.Icon, template.DefaultTtlMs, template.ActivityBumpMs) = updated;
            template.UpdatedAt = Now();
            Persist();
            view = TemplateView(template);
        }

        await WriteJsonAsync(request.Context, 200, view);
    }

    private Task GetHealthReportAsync(CoderRequest request)
    {
        var environment = _backend.Current;
        var accessUrl = environment.Get("CODER_ACCESS_URL");
        Guid organizationId;
        lock (_gate)
        {
            organizationId = _document.Organization?.Id ?? Guid.Empty;
        }

        var report = CoderHealthReport.Build(accessUrl, CoderVersion(), organizationId, Now());
        return WriteJsonAsync(request.Context, 200, report);
    }

    /// <summary>Template creation and promotion need a version whose import job succeeded.</summary>
    private void EnsureImported(TemplateVersionRecord version)
    {
        var status = JobStatus(version);
        if (status == "failed")
        {
            throw new CoderApiException(400, "The provided template version failed to import. You cannot create a template or promote it.", version.JobError);
        }

        if (status != "succeeded")
        {
            throw new CoderApiException(400, "The provided template version is still being imported.", $"job status is \"{status}\"");
        }
    }

    private OrganizationRecord ResolveOrganization(string reference)
    {
        lock (_gate)
        {
            var organization = _document.Organization;
            if (organization is null)
            {
                throw CoderApiException.ResourceNotFound();
            }

            var matches = reference == "default"
                || reference == organization.Name
                || (Guid.TryParse(reference, out var id) && id == organization.Id);
            return matches ? organization : throw CoderApiException.ResourceNotFound();
        }
    }

    private string JobStatus(TemplateVersionRecord version)
    {
        var now = Now();
        if (now < version.JobStartsAt)
        {
            return "pending";
        }

        if (now < version.JobCompletesAt)
        {
            return "running";
        }

        return version.JobError is null ? "succeeded" : "failed";
    }

    private object TemplateVersionView(TemplateVersionRecord version)
    {
        var status = JobStatus(version);
        var organizationId = _document.Organization?.Id ?? Guid.Empty;
        var creator = _document.Users.FirstOrDefault(u => u.Id == version.CreatedBy);
        var template = version.TemplateId is { } templateId ? _document.Templates.FirstOrDefault(t => t.Id == templateId) : null;
        var finished = status is "succeeded" or "failed";
        return new
        {
            version.Id,
            version.TemplateId,
            OrganizationId = organizationId,
            version.CreatedAt,
            UpdatedAt = finished ? version.JobCompletesAt : version.CreatedAt,
            version.Name,
            version.Message,
            Job = new
            {
                Id = version.JobId,
                version.CreatedAt,
                StartedAt = status == "pending" ? (DateTimeOffset?)null : version.JobStartsAt,
                CompletedAt = finished ? version.JobCompletesAt : (DateTimeOffset?)null,
                Error = status == "failed" ? version.JobError : null,
                Status = status,
                WorkerId = status == "pending" ? (Guid?)null : CoderHealthReport.BuiltInProvisionerId(organizationId),
                FileId = version.FileId,
                Tags = new Dictionary<string, string> { ["owner"] = "", ["scope"] = "organization" },
                QueuePosition = 0,
                QueueSize = 0,
                OrganizationId = organizationId,
                Input = new { TemplateVersionId = version.Id },
                Type = "template_version_import",
                AvailableWorkers = Array.Empty<Guid>(),
                Metadata = new
                {
                    TemplateVersionName = version.Name,
                    TemplateId = template?.Id,
                    TemplateName = template?.Name ?? "",
                    TemplateDisplayName = template?.DisplayName ?? "",
                    TemplateIcon = template?.Icon ?? "",
                },
                LogsOverflowed = false,
            },
            version.Readme,
            CreatedBy = new { Id = version.CreatedBy, Username = creator?.Username ?? "", AvatarUrl = "", Name = creator?.Name ?? "" },
            Archived = false,
            Warnings = Array.Empty<string>(),
            MatchedProvisioners = new { Count = 1, Available = 1, MostRecentlySeen = Now() },
        };
    }

    private object TemplateView(TemplateRecord template)
    {
        var organization = _document.Organization!;
        var creator = _document.Users.FirstOrDefault(u => u.Id == template.CreatedBy);
        return new
        {
            template.Id,
            template.CreatedAt,
            template.UpdatedAt,
            OrganizationId = organization.Id,
            OrganizationName = organization.Name,
            OrganizationDisplayName = organization.DisplayName,
            OrganizationIcon = "",
            template.Name,
            template.DisplayName,
            Provisioner = "terraform",
            template.ActiveVersionId,
            ActiveUserCount = 0,
            BuildTimeStats = new Dictionary<string, object>
            {
                ["start"] = new { P50 = (long?)null, P95 = (long?)null },
                ["stop"] = new { P50 = (long?)null, P95 = (long?)null },
                ["delete"] = new { P50 = (long?)null, P95 = (long?)null },
            },
            template.Description,
            Deprecated = false,
            DeprecationMessage = "",
            template.Icon,
            template.DefaultTtlMs,
            template.ActivityBumpMs,
            AutostopRequirement = new { DaysOfWeek = Array.Empty<string>(), Weeks = 1 },
            AutostartRequirement = new { DaysOfWeek = new[] { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" } },
            CreatedById = template.CreatedBy,
            CreatedByName = creator?.Username ?? "",
            AllowUserAutostart = true,
            AllowUserAutostop = true,
            AllowUserCancelWorkspaceJobs = false,
            FailureTtlMs = 0,
            TimeTilDormantMs = 0,
            TimeTilDormantAutodeleteMs = 0,
            RequireActiveVersion = false,
            MaxPortShareLevel = "owner",
            CorsBehavior = "simple",
            UseClassicParameterFlow = false,
        };
    }

    private static object OrganizationView(OrganizationRecord organization) => new
    {
        organization.Id,
        organization.Name,
        organization.DisplayName,
        Description = "",
        Icon = "",
        organization.CreatedAt,
        UpdatedAt = organization.CreatedAt,
        IsDefault = true,
    };

    private object UserView(UserRecord user) => new
    {
        user.Id,
        user.Username,
        AvatarUrl = "",
        user.Name,
        user.Email,
        user.CreatedAt,
        UpdatedAt = user.CreatedAt,
        user.LastSeenAt,
        Status = "active",
        LoginType = "password",
        ThemePreference = "",
        OrganizationIds = _document.Organization is null ? Array.Empty<Guid>() : [_document.Organization.Id],
        Roles = new[] { new { Name = "owner", DisplayName = "Owner", OrganizationId = "" } },
    };

    private string CoderVersion()
    {
        var version = _backend.Current.Get("CODER_VERSION");
        return version.Length > 0 ? version : DefaultVersion;
    }

    private static Guid ParseUuid(string value) =>
        Guid.TryParse(value, out var id) ? id : throw new CoderApiException(400, $"Invalid UUID \"{value}\".", "invalid UUID length: " + value.Length);

    private static async Task<T> ReadJsonAsync<T>(HttpContext context) where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(context.Request.Body, CoderJson.Options, context.RequestAborted)
                ?? throw new CoderApiException(400, "Request body must be valid JSON.", "the body is null");
        }
        catch (JsonException error)
        {
            throw new CoderApiException(400, "Request body must be valid JSON.", error.Message);
        }
    }

    private Task WriteLockedJsonAsync(HttpContext context, int statusCode, Func<object> buildView)
    {
        object view;
        lock (_gate)
        {
            view = buildView();
        }

        return WriteJsonAsync(context, statusCode, view);
    }

    private static async Task WriteJsonAsync(HttpContext context, int statusCode, object body)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, body, body.GetType(), CoderJson.Options, context.RequestAborted);
    }

    private static string HashSecret(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private DateTimeOffset Now() => _runtime.Time.GetUtcNow();

    private void Persist() => _runtime.State.Save(_stateKey, _document);

    private sealed class CreateFirstUserBody
    {
        public string? Email { get; set; }

        public string? Username { get; set; }

        public string? Name { get; set; }

        public string? Password { get; set; }

        public bool Trial { get; set; }
    }

    private sealed class LoginBody
    {
        public string? Email { get; set; }

        public string? Password { get; set; }
    }

    private sealed class CreateTemplateVersionBody
    {
        public string? Name { get; set; }

        public string? Message { get; set; }

        public string? StorageMethod { get; set; }

        public Guid? FileId { get; set; }

        public string? Provisioner { get; set; }

        public Guid? TemplateId { get; set; }
    }

    private sealed class CreateTemplateBody
    {
        public string? Name { get; set; }

        public string? DisplayName { get; set; }

        public string? Description { get; set; }

        public string? Icon { get; set; }

        public Guid? TemplateVersionId { get; set; }

        public long? DefaultTtlMs { get; set; }

        public long? ActivityBumpMs { get; set; }
    }

    private sealed class UpdateTemplateBody
    {
        public string? Name { get; set; }

        public string? DisplayName { get; set; }

        public string? Description { get; set; }

        public string? Icon { get; set; }

        public long? DefaultTtlMs { get; set; }

        public long? ActivityBumpMs { get; set; }
    }

    private sealed class UpdateActiveVersionBody
    {
        public Guid? Id { get; set; }
    }
}
