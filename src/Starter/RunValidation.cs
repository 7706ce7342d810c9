using CoderBootstrap.Activities.Coder;
using CoderBootstrap.Activities.Cost;
using CoderBootstrap.Activities.Environments;

namespace CoderBootstrap.Starter;

/// <summary>
/// Everything about a run that can be checked before its workflow starts; a failure is bad input
/// (exit 2, one line) and nothing is started: the spec, the price of every priced item, the templates.
/// </summary>
internal static class RunValidation
{
    public static EnvironmentSpec Validate(StarterContext context, RunRequest request)
    {
        var spec = StarterCommands.LoadEnvironment(context, request.Environment);
        try
        {
            new CostCalculator(PriceCatalog.Load(Path.Combine(context.RepositoryRoot, "deploy", "prices.yaml"))).Estimate(spec);
        }
        catch (CostCalculationException e)
        {
            throw new StarterException($"{spec.Name} cannot be priced: {e.Message} (deploy/prices.yaml)", 2);
        }
        if (request.Kind != "infra")
        {
            // Each item is a template, a category or "all", resolved as the Coder phase resolves them.
            IReadOnlyList<string> wanted = string.IsNullOrWhiteSpace(request.Template) ? spec.Templates : [request.Template.Trim()];
            try
            {
                new TemplateCatalog(Path.Combine(context.RepositoryRoot, "templates")).Resolve(wanted);
            }
            catch (Temporalio.Exceptions.ApplicationFailureException e)
            {
                throw new StarterException(e.Message, 2);
            }
        }
        return spec;
    }

    /// <summary>The Scaleway credentials a worker or a download in this process needs, named when missing (exit 2).</summary>
    public static void RequireScalewayCredentials(StarterContext context)
    {
        try
        {
            ScalewayCredentials.FromEnvironment(context.Environment);
        }
        catch (EnvironmentSpecException e)
        {
            throw new StarterException($"{e.Message} (or use --sandbox to try it locally)", 2);
        }
    }
}
