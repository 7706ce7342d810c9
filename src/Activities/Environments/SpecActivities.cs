using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Environments;

/// <summary>Loads the environment spec a run applies: the only activity that reads deploy/environments.</summary>
public sealed class SpecActivities(EnvironmentSpecLoader loader, Serilog.ILogger log)
{
    private readonly Serilog.ILogger _log = log.ForContext<SpecActivities>();

    /// <summary>Validated once at the start of a run; an unknown environment or a bad file is permanent.</summary>
    [Activity]
    public Task<SpecSnapshot> LoadSpecAsync(string environment)
    {
        try
        {
            var snapshot = loader.LoadSnapshot(environment);
            _log.Information("Spec of {Environment} loaded: {Digest}", environment, snapshot.Digest);
            return Task.FromResult(snapshot);
        }
        catch (UnknownEnvironmentException ex)
        {
            throw ActivityFailure.Permanent(FailureKind.UnknownEnvironment, ex.Message, ex);
        }
        catch (EnvironmentSpecException ex)
        {
            throw ActivityFailure.Permanent(FailureKind.InvalidSpec, ex.Message, ex);
        }
    }
}
