using CoderBootstrap.Activities.Coder;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Tests.Content;
using Temporalio.Exceptions;

namespace CoderBootstrap.Activities.Tests.Templates;

public sealed class TemplateCatalogTests
{
    private readonly TemplateCatalog _catalog = new(RepositoryLayout.PathOf("templates"));

    [Fact]
    public void A_category_stands_for_its_templates()
    {
        Assert.Equal(["claude-flow-base", "claude-flow-enterprise"], _catalog.Resolve(["ai-enhanced"]));
    }

    [Fact]
    public void All_stands_for_every_template_and_not_the_modules_folder()
    {
        var all = _catalog.Resolve([TemplateCatalog.All]);

        Assert.Equal(21, all.Count);
        Assert.DoesNotContain("kubernetes-workspace", all);
    }

    [Fact]
    public void Names_and_categories_mix_without_repeats_in_the_order_given()
    {
        Assert.Equal(["react-typescript", "docker-compose", "kubernetes-helm", "terraform-kubernetes"], _catalog.Resolve(["react-typescript", "devops", "kubernetes-helm"]));
    }

    [Fact]
    public void An_unknown_name_fails_as_unknown_template()
    {
        var error = Assert.Throws<ApplicationFailureException>(() => _catalog.Resolve(["cobol"]));

        Assert.Equal(ErrorTypes.UnknownTemplate, error.ErrorType);
        Assert.Contains("'cobol'", error.Message);
    }
}
