using static CoderBootstrap.Sandbox.Coder.CoderClusterDocument;
using static CoderBootstrap.Sandbox.Coder.CoderHttp;

namespace CoderBootstrap.Sandbox.Coder;

/// <summary>Coder template versions and their import job, which runs on the sandbox clock (queued, then running, then done).</summary>
internal sealed class CoderTemplateVersionsApi(CoderClusterState state, CoderOrganizationsApi organizations)
{
    private static readonly TimeSpan RealisticJobQueueDelay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RealisticImportDuration = TimeSpan.FromSeconds(25);

    public IEnumerable<CoderRoute> Routes =>
    [
        new("POST", "/api/v2/organizations/{organization}/templateversions", "coder.templateversions.create", true, true, CreateTemplateVersionAsync),
        new("GET", "/api/v2/templateversions/{templateversion}", "coder.templateversions.get", false, true, GetTemplateVersionAsync),
    ];

    /// <summary>Template creation and promotion need a version whose import job succeeded.</summary>
    public void EnsureImported(TemplateVersionRecord version)
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

    /// <summary>The version as Coder shows it; call with the state's lock held.</summary>
    public object View(TemplateVersionRecord version)
    {
        var document = state.Document;
        var status = JobStatus(version);
        var organizationId = document.Organization?.Id ?? Guid.Empty;
        var creator = document.Users.FirstOrDefault(u => u.Id == version.CreatedBy);
        var template = version.TemplateId is { } templateId ? document.Templates.FirstOrDefault(t => t.Id == templateId) : null;
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
            MatchedProvisioners = new { Count = 1, Available = 1, MostRecentlySeen = state.Now() },
        };
    }

    private async Task CreateTemplateVersionAsync(CoderRequest request)
    {
        organizations.Resolve(request.Values["organization"]);
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

        var file = state.Read(document => FindFileForNewVersion(document, body));
        var jobError = TemplateArchive.TryParse(file.Content, out var archive, out var parseProblem)
            ? archive!.FindImportProblem()
            : "template archive: " + parseProblem;
        var importFault = await state.Runtime.EnterAsync("coder.templateversions.import", true, request.Context.RequestAborted);
        if (importFault is not null)
        {
            jobError ??= importFault.Message;
        }

        var now = state.Now();
        var startsAt = now + state.Runtime.Scale(RealisticJobQueueDelay);
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
            JobCompletesAt = startsAt + state.Runtime.Scale(RealisticImportDuration),
            JobError = jobError,
        };
        lock (state.Gate)
        {
            state.Document.TemplateVersions.Add(version);
            state.Persist();
        }

        await WriteLockedJsonAsync(state, request.Context, 201, () => View(version));
    }

    private static FileRecord FindFileForNewVersion(CoderClusterDocument document, CreateTemplateVersionBody body)
    {
        var file = document.Files.FirstOrDefault(f => f.Id == body.FileId) ?? throw new CoderApiException(404, "File not found.");
        if (body.TemplateId is { } templateId)
        {
            if (document.Templates.All(t => t.Id != templateId))
            {
                throw new CoderApiException(404, "Template not found.");
            }

            if (!string.IsNullOrEmpty(body.Name) && document.TemplateVersions.Any(v => v.TemplateId == templateId && v.Name == body.Name))
            {
                throw new CoderApiException(409, $"A template version with name \"{body.Name}\" already exists for this template.")
                {
                    Validations = [new("name", "This value is already in use and should be unique.")],
                };
            }
        }

        return file;
    }

    private Task GetTemplateVersionAsync(CoderRequest request)
    {
        var id = ParseUuid(request.Values["templateversion"]);
        return WriteLockedJsonAsync(state, request.Context, 200, () =>
            View(state.Document.TemplateVersions.FirstOrDefault(v => v.Id == id) ?? throw CoderApiException.ResourceNotFound()));
    }

    private string JobStatus(TemplateVersionRecord version)
    {
        var now = state.Now();
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

    private sealed class CreateTemplateVersionBody
    {
        public string? Name { get; set; }

        public string? Message { get; set; }

        public string? StorageMethod { get; set; }

        public Guid? FileId { get; set; }

        public string? Provisioner { get; set; }

        public Guid? TemplateId { get; set; }
    }
}
