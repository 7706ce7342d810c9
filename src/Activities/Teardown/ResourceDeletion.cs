using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Scaleway;

namespace CoderBootstrap.Activities.Teardown;

/// <summary>A Scaleway resource a teardown makes sure is gone: how to read it, whether it is already going, how to delete it.</summary>
/// <param name="Label">How messages name it, e.g. "cluster".</param>
internal sealed record DeletableResource<T>(
    string Kind,
    string Label,
    string Id,
    Func<CancellationToken, Task<T>> Read,
    Func<T, string> Status,
    Func<T, bool> IsDeleting,
    Func<CancellationToken, Task> Delete)
    where T : class;

internal static class ResourceDeletion
{
    /// <summary>
    /// Deletes the resource unless it is already gone (404) or deleting, then polls it until it
    /// answers 404. A retry after a lost worker starts from what exists.
    /// </summary>
    /// <param name="deleting">Called with what was read just before the delete is sent (for the log).</param>
    public static async Task<ResourceGone> EnsureGoneAsync<T>(DeletableResource<T> resource, TimeSpan pollInterval, Action<T> deleting)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(deleting);
        var existing = await ReadAsync(resource).ConfigureAwait(false);
        if (existing is null)
        {
            return new ResourceGone(resource.Kind, resource.Id, false, 0);
        }
        if (!resource.IsDeleting(existing))
        {
            deleting(existing);
            await CallGuard.ScalewayAsync($"delete {resource.Label} {resource.Id}", async () =>
            {
                await resource.Delete(ActivityRun.CancellationToken).ConfigureAwait(false);
                return true;
            }).ConfigureAwait(false);
        }
        var polls = 0;
        return await ActivityRun.PollAsync(pollInterval, async _ =>
        {
            var current = await ReadAsync(resource).ConfigureAwait(false);
            polls++;
            return current is null
                ? Poll<ResourceGone>.Finished(new ResourceGone(resource.Kind, resource.Id, true, polls))
                : Poll<ResourceGone>.Pending($"{resource.Label} {resource.Id} {resource.Status(current)} ({polls} polls)");
        }).ConfigureAwait(false);
    }

    private static async Task<T?> ReadAsync<T>(DeletableResource<T> resource)
        where T : class
    {
        try
        {
            return await CallGuard.ScalewayAsync($"read {resource.Label} {resource.Id}", () => resource.Read(ActivityRun.CancellationToken)).ConfigureAwait(false);
        }
        catch (Temporalio.Exceptions.ApplicationFailureException e) when (e.InnerException is ScalewayApiException { IsNotFound: true })
        {
            return null;
        }
    }
}
