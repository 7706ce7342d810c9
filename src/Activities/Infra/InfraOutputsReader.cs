using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.State;

namespace CoderBootstrap.Activities.Infra;

/// <summary>The phase-1 outputs phase 2 needs, from the infra state document.</summary>
public static class InfraOutputsReader
{
    /// <summary>The outputs of a finished phase 1; throws MissingInfraState naming what is not there yet.</summary>
    public static InfraOutputs FromState(InfraState state, string environment)
    {
        var missing = new List<string>();
        if (state.Network is null)
        {
            missing.Add("private network");
        }

        if (state.Cluster is null)
        {
            missing.Add("cluster");
        }

        var database = state.Database;
        if (database is null)
        {
            missing.Add("database");
        }
        else
        {
            if (string.IsNullOrEmpty(database.PrivateHost) || database.PrivatePort is null)
            {
                missing.Add("database endpoint");
            }

            if (string.IsNullOrEmpty(database.CredentialsObjectKey))
            {
                missing.Add("database credentials");
            }
        }

        if (state.Kubeconfig is null)
        {
            missing.Add("kubeconfig");
        }

        if (missing.Count > 0)
        {
            throw ActivityFailure.MissingInfraState(environment, "incomplete: no " + string.Join(", no ", missing));
        }

        return new InfraOutputs(
            environment,
            state.Cluster!.ClusterId,
            state.Network!.PrivateNetworkId,
            database!.InstanceId,
            database.PrivateHost!,
            database.PrivatePort!.Value,
            database.DatabaseName,
            database.UserName,
            database.CredentialsObjectKey!,
            state.Kubeconfig!.ObjectKey);
    }
}
