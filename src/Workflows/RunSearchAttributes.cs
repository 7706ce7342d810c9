using Temporalio.Common;
using Temporalio.Workflows;

namespace CoderBootstrap.Workflows;

/// <summary>
/// The custom search attributes runs carry, so the Temporal UI and <c>ListWorkflowExecutions</c>
/// can filter on them (<c>Environment = 'dev' AND RunKind = 'setup'</c>). They must be registered
/// on the namespace before a run uses them; the Starter registers them and starts runs without
/// them when the server does not allow it.
/// </summary>
public static class RunSearchAttributes
{
    private const string PhasePatch = "phase-search-attribute";

    public static SearchAttributeKey<string> Environment { get; } = SearchAttributeKey.CreateKeyword("Environment");

    public static SearchAttributeKey<string> RunKind { get; } = SearchAttributeKey.CreateKeyword("RunKind");

    public static SearchAttributeKey<string> Phase { get; } = SearchAttributeKey.CreateKeyword("Phase");

    public static IReadOnlyList<SearchAttributeKey<string>> All { get; } = [Environment, RunKind, Phase];

    /// <summary>The attributes of a run started for <paramref name="environment"/>.</summary>
    public static SearchAttributeCollection ForStart(string environment, string runKind, string phase = "starting") =>
        new SearchAttributeCollection.Builder()
            .Set(Environment, environment)
            .Set(RunKind, runKind)
            .Set(Phase, phase)
            .ToSearchAttributeCollection();

    /// <summary>
    /// Shows a new phase in the run's <c>Phase</c> attribute. Only runs started with the attributes
    /// upsert (their registration is known to have succeeded), so runs started without them, and
    /// runs started before this existed, replay unchanged.
    /// </summary>
    internal static void UpsertPhase(string phase)
    {
        if (!Workflow.TypedSearchAttributes.ContainsKey(RunKind) || !Workflow.Patched(PhasePatch))
        {
            return;
        }
        if (!Workflow.TypedSearchAttributes.TryGetValue(Phase, out var shown) || shown != phase)
        {
            Workflow.UpsertTypedSearchAttributes(Phase.ValueSet(phase));
        }
    }
}
