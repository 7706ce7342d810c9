using System.Net;
using CoderBootstrap.Activities.Runtime;

namespace CoderBootstrap.Activities.Coder;

/// <summary>
/// One template archive into Coder: a version named after the archive's digest is imported (unless
/// it is already the active one; an inactive version of that name whose import succeeded is reused),
/// its import job waited for, then the template created or the version promoted.
/// </summary>
internal sealed class TemplateImport
{
    private readonly CoderApiClient _coder;
    private readonly Guid _organization;
    private readonly TimeSpan _pollInterval;

    public TemplateImport(CoderApiClient coder, Guid organization, TimeSpan pollInterval)
    {
        _coder = coder;
        _organization = organization;
        _pollInterval = pollInterval;
    }

    public static string VersionName(byte[] archive) =>
        "sha-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(archive))[..16].ToLowerInvariant();

    public async Task<CoderTemplateVersion> ImportAsync(string templateName, Guid? templateId, byte[] archive, string message, CancellationToken cancellationToken)
    {
        var fileId = await _coder.UploadTarAsync(archive, cancellationToken).ConfigureAwait(false);
        CoderTemplateVersion version;
        try
        {
            try
            {
                version = await _coder.CreateTemplateVersionAsync(_organization, fileId, templateId, message, cancellationToken, VersionName(archive)).ConfigureAwait(false);
            }
            catch (CoderApiException error) when (error.StatusCode == HttpStatusCode.Conflict)
            {
                // A version of that name exists but is not active (an earlier push stopped before promoting, or the
                // template went back to earlier content): promote it when its import succeeded, else import under a generated name.
                var versionName = VersionName(archive);
                var named = templateId is not { } id ? null : (await _coder.ListTemplateVersionsAsync(id, cancellationToken).ConfigureAwait(false))
                    .FirstOrDefault(v => v.Name == versionName && v.JobStatus == "succeeded");
                version = named ?? await _coder.CreateTemplateVersionAsync(_organization, fileId, templateId, message, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (CoderApiException error) when (error.IsPermanent)
        {
            throw ActivityFailure.Permanent(FailureKind.TemplateImportFailed, $"template {templateName}: {error.Message}", error);
        }

        var started = version;
        var finished = started.IsFinished ? started : await ActivityRun.PollAsync(_pollInterval, async token =>
        {
            var current = await _coder.GetTemplateVersionAsync(started.Id, token).ConfigureAwait(false);
            var progress = $"template {templateName}: version {current.Id} {current.JobStatus}";
            return current.IsFinished ? Poll<CoderTemplateVersion>.Finished(current) : Poll<CoderTemplateVersion>.Pending(progress);
        }).ConfigureAwait(false);
        return finished.JobStatus == "succeeded"
            ? finished
            : throw ActivityFailure.Permanent(FailureKind.TemplateImportFailed,
                $"template {templateName}: the import job {finished.JobStatus}: {finished.JobError ?? "no error reported"}");
    }
}
