using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Kubernetes;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Templates;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Coder;

/// <summary>The workspace templates: which ones an environment gets, and pushing one into Coder.</summary>
public sealed class TemplateActivities(ClusterAccess clusters, TemplateCatalog catalog, TimeSpan pollInterval, Serilog.ILogger log)
{
    private readonly Serilog.ILogger _log = log.ForContext<TemplateActivities>();

    /// <summary>The environment's list, or the one asked for: each item a template, a category or <see cref="TemplateCatalog.All"/> of the repository.</summary>
    [Activity]
    public Task<IReadOnlyList<string>> ResolveTemplatesAsync(TemplatesInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        IReadOnlyList<string> wanted = string.IsNullOrWhiteSpace(input.OnlyTemplate) ? input.Snapshot.Spec.Templates : [input.OnlyTemplate.Trim()];
        var resolved = catalog.Resolve(wanted);
        _log.Information("Templates for {Environment}: {Templates}", input.Environment, string.Join(", ", resolved));
        return Task.FromResult(resolved);
    }

    /// <summary>
    /// The template's archive (with the shared modules it calls, <see cref="ModuleBundler"/>) into Coder. An unchanged
    /// template already active is not imported again, which keeps a re-run of phase 2 short.
    /// </summary>
    [Activity]
    public async Task<TemplatePushed> PushTemplateAsync(PushTemplateInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var cancellationToken = ActivityRun.CancellationToken;
        var (spec, environment, name) = (input.Step.Snapshot.Spec, input.Environment, input.TemplateName);
        var folder = catalog.Locate(name);
        var archive = TemplateArchiveBuilder.Build(folder, ModuleBundler.FilesFor(folder, catalog.TemplatesDirectory, spec));
        AdminCredentials credentials;
        using (var client = await clusters.ConnectAsync(environment, input.Step.Infra.ClusterId, cancellationToken).ConfigureAwait(false))
        {
            credentials = await new AdminSecretStore(client, spec.Coder.Namespace).ReadAsync(cancellationToken).ConfigureAwait(false)
                ?? throw ActivityFailure.Permanent(FailureKind.InvalidConfiguration,
                    $"{environment}: no admin login in secret {spec.Coder.Namespace}/{AdminSecretStore.SecretName}: the first admin must be created before templates are pushed");
        }

        var coder = new CoderApiClient(input.CoderUrl, logger: _log);
        await CoderLogin.LoginAsync(coder, credentials, environment, cancellationToken).ConfigureAwait(false);
        var organization = await coder.GetOrganizationIdAsync(cancellationToken).ConfigureAwait(false);
        var existing = await coder.FindTemplateAsync(organization, name, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            var active = await coder.GetTemplateVersionAsync(existing.ActiveVersionId, cancellationToken).ConfigureAwait(false);
            if (active.Name == TemplateImport.VersionName(archive) && active.JobStatus == "succeeded")
            {
                _log.Information("Template {Template} of {Environment}: unchanged, version {VersionId} stays active", name, environment, active.Id);
                return new TemplatePushed(name, active.Id.ToString(), false);
            }
        }

        var version = await new TemplateImport(coder, organization, pollInterval)
            .ImportAsync(name, existing?.Id, archive, $"pushed by coder-bootstrap for {environment}", cancellationToken).ConfigureAwait(false);
        var createdTemplate = false;
        if (existing is null)
        {
            var template = await coder.CreateTemplateAsync(organization, name, $"{name} workspace template (coder-bootstrap)", version.Id, cancellationToken).ConfigureAwait(false);
            createdTemplate = template is not null;
            existing = template ?? await coder.FindTemplateAsync(organization, name, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"template {name} was reported as existing but cannot be read");
        }

        // The new version only belongs to the template when it was created for it; otherwise promote it.
        if (!createdTemplate && existing.ActiveVersionId != version.Id)
        {
            await coder.PromoteAsync(existing.Id, version.Id, cancellationToken).ConfigureAwait(false);
        }

        _log.Information("Template {Template} of {Environment}: version {VersionId} {Outcome}", name, environment, version.Id, createdTemplate ? "created the template" : "promoted");
        return new TemplatePushed(name, version.Id.ToString(), createdTemplate);
    }
}
