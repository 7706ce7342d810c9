using static CoderBootstrap.Sandbox.Coder.CoderClusterDocument;
using static CoderBootstrap.Sandbox.Coder.CoderHttp;

namespace CoderBootstrap.Sandbox.Coder;

/// <summary>Coder templates: create from an imported version, read by id or name, update, list and promote versions.</summary>
internal sealed class CoderTemplatesApi(CoderClusterState state, CoderOrganizationsApi organizations, CoderTemplateVersionsApi versions)
{
    public IEnumerable<CoderRoute> Routes =>
    [
        new("GET", "/api/v2/organizations/{organization}/templates", "coder.templates.list", false, true, ListTemplatesAsync),
        new("POST", "/api/v2/organizations/{organization}/templates", "coder.templates.create", true, true, CreateTemplateAsync),
        new("GET", "/api/v2/organizations/{organization}/templates/{templatename}", "coder.templates.get", false, true, GetTemplateByNameAsync),
        new("GET", "/api/v2/templates/{template}", "coder.templates.get", false, true, GetTemplateAsync),
        new("PATCH", "/api/v2/templates/{template}", "coder.templates.update", true, true, UpdateTemplateAsync),
        new("GET", "/api/v2/templates/{template}/versions", "coder.templates.versions.list", false, true, ListTemplateVersionsAsync),
        new("PATCH", "/api/v2/templates/{template}/versions", "coder.templates.versions.update", true, true, PromoteTemplateVersionAsync),
    ];

    private Task ListTemplatesAsync(CoderRequest request)
    {
        organizations.Resolve(request.Values["organization"]);
        return WriteLockedJsonAsync(state, request.Context, 200, () =>
            state.Document.Templates.OrderBy(t => t.Name, StringComparer.Ordinal).Select(TemplateView).ToList());
    }

    private Task GetTemplateByNameAsync(CoderRequest request)
    {
        organizations.Resolve(request.Values["organization"]);
        var name = request.Values["templatename"];
        return WriteLockedJsonAsync(state, request.Context, 200, () =>
            TemplateView(state.Document.Templates.FirstOrDefault(t => t.Name == name) ?? throw CoderApiException.ResourceNotFound()));
    }

    private Task GetTemplateAsync(CoderRequest request)
    {
        var id = ParseUuid(request.Values["template"]);
        return WriteLockedJsonAsync(state, request.Context, 200, () =>
            TemplateView(state.Document.Templates.FirstOrDefault(t => t.Id == id) ?? throw CoderApiException.ResourceNotFound()));
    }

    private Task ListTemplateVersionsAsync(CoderRequest request)
    {
        var id = ParseUuid(request.Values["template"]);
        return WriteLockedJsonAsync(state, request.Context, 200, () =>
        {
            if (state.Document.Templates.All(t => t.Id != id))
            {
                throw CoderApiException.ResourceNotFound();
            }

            return state.Document.TemplateVersions.Where(v => v.TemplateId == id).OrderBy(v => v.CreatedAt).Select(versions.View).ToList();
        });
    }

    private async Task CreateTemplateAsync(CoderRequest request)
    {
        organizations.Resolve(request.Values["organization"]);
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
        lock (state.Gate)
        {
            ThrowIfNameTaken(body.Name!);
            var version = state.Document.TemplateVersions.FirstOrDefault(v => v.Id == body.TemplateVersionId)
                ?? throw new CoderApiException(404, $"Template version \"{body.TemplateVersionId}\" not found.");
            if (version.TemplateId is not null)
            {
                throw new CoderApiException(400, $"Template version \"{version.Id}\" is already part of a template.");
            }

            versions.EnsureImported(version);
            var now = state.Now();
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
            state.Document.Templates.Add(template);
            state.Persist();
        }

        await WriteLockedJsonAsync(state, request.Context, 201, () => TemplateView(template));
    }

    /// <summary>Call with the state's lock held.</summary>
    private void ThrowIfNameTaken(string name)
    {
        if (state.Document.Templates.Any(t => t.Name == name))
        {
            throw new CoderApiException(409, $"Template with name \"{name}\" already exists.")
            {
                Validations = [new("name", "This value is already in use and should be unique.")],
            };
        }
    }

    private async Task PromoteTemplateVersionAsync(CoderRequest request)
    {
        var templateId = ParseUuid(request.Values["template"]);
        var body = await ReadJsonAsync<UpdateActiveVersionBody>(request.Context);
        if (body.Id is null)
        {
            throw CoderApiException.ValidationFailed(new CoderValidationError("id", "Validation failed for tag \"required\" with value: \"\""));
        }

        lock (state.Gate)
        {
            var template = state.Document.Templates.FirstOrDefault(t => t.Id == templateId) ?? throw CoderApiException.ResourceNotFound();
            var version = state.Document.TemplateVersions.FirstOrDefault(v => v.Id == body.Id)
                ?? throw new CoderApiException(404, "Template version not found.");
            if (version.TemplateId != template.Id)
            {
                throw new CoderApiException(400, "The provided template version doesn't belong to the specified template.");
            }

            versions.EnsureImported(version);
            template.ActiveVersionId = version.Id;
            template.UpdatedAt = state.Now();
            state.Persist();
        }

        await WriteJsonAsync(request.Context, 200, new { Message = "Updated the active template version!" });
    }

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
        lock (state.Gate)
        {
            var template = state.Document.Templates.FirstOrDefault(t => t.Id == templateId) ?? throw CoderApiException.ResourceNotFound();
            if (body.Name is { } name && name != template.Name)
            {
                ThrowIfNameTaken(name);
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
            template.UpdatedAt = state.Now();
            state.Persist();
            view = TemplateView(template);
        }

        await WriteJsonAsync(request.Context, 200, view);
    }

    private object TemplateView(TemplateRecord template)
    {
        var organization = state.Document.Organization!;
        var creator = state.Document.Users.FirstOrDefault(u => u.Id == template.CreatedBy);
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
