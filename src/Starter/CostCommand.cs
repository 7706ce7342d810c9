using System.CommandLine;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Cost;
using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Workflows;
using Temporalio.Client;

namespace CoderBootstrap.Starter;

/// <summary>
/// <c>starter cost</c>: the spec's estimate from a price catalog (<c>--prices=catalog</c>, deploy/prices.yaml,
/// or <c>live</c>, Scaleway's public catalog); <c>--actual</c>: what exists, priced, beside the
/// estimate (a read-only cost check); <c>--set-budget/--alert-threshold</c>: the budget kept with
/// the environment's state; <c>--history</c>: the recorded cost checks. Table, JSON or CSV.
/// </summary>
internal static class CostCommand
{
    public static Command Build(StarterContext context, Option<bool> sandbox, Option<double> timeScale)
    {
        var env = new Option<string>("--env") { Description = "dev, staging, prod or all", DefaultValueFactory = _ => "all" };
        var format = new Option<string>("--format") { Description = "table, json or csv", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var json = new Option<bool>("--json") { Description = "same as --format=json" };
        var detailed = new Option<bool>("--detailed") { Description = "one line per priced item" };
        var prices = new Option<string>("--prices") { Description = "catalog (deploy/prices.yaml) or live (Scaleway's public product catalog)", DefaultValueFactory = _ => "catalog" };
        prices.AcceptOnlyFromAmong("catalog", "live");
        var actual = new Option<bool>("--actual") { Description = "price what exists now (pool size incl. autoscaling, database, load balancers) beside the estimate" };
        var history = new Option<bool>("--history") { Description = "the recorded cost checks of the environment" };
        var setBudget = new Option<decimal?>("--set-budget") { Description = "monthly budget in EUR, kept with the environment's state" };
        var thresholds = new Option<string?>("--alert-threshold") { Description = "alert thresholds in percent of the budget, e.g. 80 or 50,80,100" };
        var command = new Command("cost", "monthly cost: estimate from a price catalog, actual cost of what exists, budgets and their history")
        {
            env, format, json, detailed, prices, actual, history, setBudget, thresholds, sandbox, timeScale,
        };
        command.SetAction((parse, ct) => ExecuteAsync(context, new CostRequest(parse.GetValue(env)!, parse.GetValue(json) ? "json" : parse.GetValue(format)!,
            parse.GetValue(detailed), parse.GetValue(prices)!, parse.GetValue(actual), parse.GetValue(history), parse.GetValue(setBudget),
            parse.GetValue(thresholds), parse.GetValue(sandbox), parse.GetValue(timeScale)), ct));
        return command;
    }

    private sealed record CostRequest(string Environment, string Format, bool Detailed, string Prices, bool Actual, bool History, decimal? SetBudget,
        string? Thresholds, bool Sandbox, double TimeScale);

    private static async Task<int> ExecuteAsync(StarterContext context, CostRequest request, CancellationToken ct)
    {
        var format = CostReport.ParseFormat(request.Format);
        var remote = request.Actual || request.History || request.SetBudget is not null || request.Thresholds is not null;
        if (!remote)
        {
            var catalog = request.Prices == "live" ? await LiveCatalogAsync(context, ct).ConfigureAwait(false) : DefaultCatalog(context);
            var specs = request.Environment == "all"
                ? new EnvironmentSpecLoader(Path.Combine(context.RepositoryRoot, "deploy", "environments")).LoadAll()
                : [StarterCommands.LoadEnvironment(context, request.Environment)];
            var calculator = new CostCalculator(catalog);
            await context.Out.WriteAsync(CostReport.Format(specs.Select(calculator.Estimate).ToList(), format, request.Detailed));
            return 0;
        }
        if (request.Environment == "all")
        {
            throw new StarterException("--actual, --history and --set-budget work on one environment: pass --env=dev|staging|prod", 2);
        }
        StarterCommands.LoadEnvironment(context, request.Environment);
        if (request.SetBudget is < 0 or > 1_000_000)
        {
            throw new StarterException("--set-budget must be between 0 and 1000000 (EUR per month)", 2);
        }
        IReadOnlyList<int>? thresholds;
        try
        {
            thresholds = request.Thresholds is null ? null : BudgetThresholds.Parse(request.Thresholds);
        }
        catch (ArgumentException e)
        {
            throw new StarterException(e.Message, 2);
        }
        await using var runtime = await StarterCommands.ConnectAsync(context, request.Sandbox, request.TimeScale, needWorker: true, $"cost-{request.Environment}", ct).ConfigureAwait(false);
        var input = new CostCheckInput(request.Environment, ReportOnly: true, request.SetBudget, thresholds, runtime.RetryScale);
        var result = await runtime.Client.ExecuteWorkflowAsync((CostCheckWorkflow w) => w.RunAsync(input),
            runtime.StartOptions($"cost-report-{request.Environment}-{Guid.NewGuid():N}", request.Environment, "cost")).ConfigureAwait(false);
        if (request.History)
        {
            await context.Out.WriteAsync(CostOutput.History(result, format));
            return 0;
        }
        if (!request.Actual)
        {
            await context.Out.WriteAsync(CostOutput.Budget(result.Budget, format));
            return 0;
        }
        await context.Out.WriteAsync(CostOutput.Actual(result, format, request.Detailed));
        return 0;
    }

    private static PriceCatalog DefaultCatalog(StarterContext context)
    {
        try
        {
            return PriceCatalog.Load(Path.Combine(context.RepositoryRoot, "deploy", "prices.yaml"));
        }
        catch (CostCalculationException e)
        {
            throw new StarterException(e.Message, 2);
        }
    }

    /// <summary>The default catalog's prices replaced by the live ones (those the public catalog lists).</summary>
    internal static async Task<PriceCatalog> LiveCatalogAsync(StarterContext context, CancellationToken ct) =>
        (await PricesCommand.FetchAsync(context, DefaultCatalog(context), DateOnly.FromDateTime(DateTime.UtcNow), ct).ConfigureAwait(false)).Catalog;
}
