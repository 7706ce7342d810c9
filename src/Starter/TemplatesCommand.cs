using System.CommandLine;
using CoderBootstrap.Activities.Coder;
using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Templates;
using CoderBootstrap.Activities.Templates.Validation;
using Temporalio.Exceptions;

namespace CoderBootstrap.Starter;

/// <summary>
/// <c>starter templates list|validate|push</c>: the workspace templates of templates/ with their
/// catalog metadata, the offline validation suite, and a push through phase 2 (the Coder phase
/// workflow with the selection as its only templates).
/// </summary>
internal static class TemplatesCommand
{
    public static Command Create(StarterContext context)
    {
        var json = new Option<bool>("--json") { Description = "machine-readable output" };

        var category = new Option<string?>("--category") { Description = "only this category (backend, frontend, ai-enhanced, devops, data-ml, mobile)" };
        var list = new Command("list", "the templates with their category, display name and description (templates/catalog.yaml)") { category, json };
        list.SetAction(parse => List(context, parse.GetValue(category), parse.GetValue(json)));

        var only = new Option<string?>("--template") { Description = "only this template (or category)" };
        var validate = new Command("validate", "check the templates offline: format, HCL, agent and module wiring, parameters, resource limits, scripts, credentials, README") { only, json };
        validate.SetAction(parse => Validate(context, parse.GetValue(only), parse.GetValue(json)));

        var env = new Option<string>("--env") { Description = "environment: dev, staging or prod (deploy/environments/<env>.yaml)", Required = true };
        var selection = new Option<string?>("--template") { Description = "the template (or category) to push" };
        var all = new Option<bool>("--all") { Description = "push every template of the repository" };
        var sandbox = new Option<bool>("--sandbox") { Description = "run against the local sandbox cloud, with the embedded Temporal server and an in-process worker (state in .local/)" };
        var timeScale = new Option<double>("--time-scale") { Description = "with --sandbox: multiplier of the sandbox's realistic delays", DefaultValueFactory = _ => 0.05 };
        var push = new Command("push", "push templates to the environment's Coder (phase 2 with only these templates); unchanged ones are not imported again") { env, selection, all, sandbox, timeScale, json };
        push.SetAction((parse, ct) => Push(context, parse.GetValue(env)!, parse.GetValue(selection), parse.GetValue(all), parse.GetValue(sandbox), parse.GetValue(timeScale), parse.GetValue(json), ct));

        return new Command("templates", "the workspace templates: list, validate, push") { list, validate, push };
    }

    private static int List(StarterContext context, string? category, bool json)
    {
        var templatesDirectory = Path.Combine(context.RepositoryRoot, "templates");
        var catalog = LoadCatalog(templatesDirectory);
        if (category is not null && catalog.Categories.All(c => c.Id != category))
        {
            throw new StarterException($"unknown category '{category}'; categories: {string.Join(", ", catalog.Categories.Select(c => c.Id))}", 2);
        }

        var present = new TemplateCatalog(templatesDirectory).FindAll();
        var entries = catalog.Templates.Where(t => (category is null || t.Category == category) && present.ContainsKey(t.Name)).ToList();
        if (json)
        {
            context.Out.WriteLine(StarterCommands.ToJson(entries));
            return 0;
        }

        foreach (var group in catalog.Categories.Where(c => entries.Any(e => e.Category == c.Id)))
        {
            context.Out.WriteLine($"{group.DisplayName} ({group.Id})");
            foreach (var entry in entries.Where(e => e.Category == group.Id))
            {
                context.Out.WriteLine($"  {entry.Name,-24} {entry.DisplayName,-30} {entry.Description}");
            }
        }

        context.Out.WriteLine($"{entries.Count} templates");
        return 0;
    }

    private static int Validate(StarterContext context, string? only, bool json)
    {
        TemplateValidationReport report;
        try
        {
            report = new TemplateValidator(context.RepositoryRoot).Validate(only);
        }
        catch (ApplicationFailureException e)
        {
            throw new StarterException(e.Message, 2);
        }

        if (json)
        {
            context.Out.WriteLine(StarterCommands.ToJson(new { passed = report.Passed, templates = report.Templates, findings = report.Findings, skipped = report.Skipped }));
        }
        else
        {
            foreach (var finding in report.Findings)
            {
                context.Out.WriteLine(finding.ToString());
            }

            foreach (var skip in report.Skipped)
            {
                context.Out.WriteLine($"skipped {skip.Rule}: {skip.Reason}");
            }

            context.Out.WriteLine(report.Passed
                ? $"{report.Templates.Count} templates valid"
                : $"{report.Findings.Count} problems in {report.Findings.Select(f => f.Template).Distinct().Count()} of {report.Templates.Count} templates");
        }

        return report.Passed ? 0 : 1;
    }

    private static Task<int> Push(StarterContext context, string env, string? selection, bool all, bool sandbox, double timeScale, bool json, CancellationToken ct)
    {
        if (all == (selection is not null))
        {
            throw new StarterException("give either --template=NAME (a template or a category) or --all", 2);
        }

        var wanted = all ? TemplateCatalog.All : selection!;
        try
        {
            new TemplateCatalog(Path.Combine(context.RepositoryRoot, "templates")).Resolve([wanted]);
        }
        catch (ApplicationFailureException e)
        {
            throw new StarterException(e.Message, 2);
        }

        return RunCommand.ExecuteAsync(context, new RunRequest("coder", env, sandbox, timeScale, json, false, false, wanted, null), ct);
    }

    private static TemplateCatalogFile LoadCatalog(string templatesDirectory)
    {
        try
        {
            return TemplateCatalogFile.Load(templatesDirectory);
        }
        catch (EnvironmentSpecException e)
        {
            throw new StarterException(e.Message, 2);
        }
    }
}
