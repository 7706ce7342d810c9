using CoderBootstrap.Starter;

namespace CoderBootstrap.Workflows.Tests;

/// <summary><c>starter templates list|validate|push</c>: the parts that need no cloud.</summary>
public sealed class TemplatesCommandTests
{
    private static async Task<(int Code, string Out, string Error)> StarterAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new StarterContext
        {
            RepositoryRoot = Activities.Runtime.CoderBootstrapOptions.FindRepositoryRoot(AppContext.BaseDirectory),
            Out = output,
            Error = error,
            Environment = _ => null,
        };
        var code = await StarterCommands.RunAsync(args, context);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task ListOfACategoryPrintsOnlyItsTemplates()
    {
        var (code, output, _) = await StarterAsync("templates", "list", "--category=data-ml");

        Assert.Equal(0, code);
        Assert.Contains("jupyter-python", output);
        Assert.Contains("R Studio", output);
        Assert.DoesNotContain("java-spring", output);
        Assert.Contains("2 templates", output);
    }

    [Fact]
    public async Task ListOfAnUnknownCategoryIsOneLineAndExitCodeTwo()
    {
        var (code, _, error) = await StarterAsync("templates", "list", "--category=cobol");

        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("backend", error);
    }

    [Fact]
    public async Task ValidateOfTheRepositoryIsGreenAsJson()
    {
        var (code, output, _) = await StarterAsync("templates", "validate", "--json");

        Assert.Equal(0, code);
        Assert.Contains("\"passed\": true", output);
        Assert.Contains("\"findings\": []", output);
    }

    [Fact]
    public async Task ValidateOfAnUnknownTemplateIsOneLineAndExitCodeTwo()
    {
        var (code, _, error) = await StarterAsync("templates", "validate", "--template=cobol");

        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("--env=dev")]
    [InlineData("--env=dev", "--all", "--template=go-fiber")]
    [InlineData("--env=dev", "--template=cobol")]
    public async Task PushWithoutOneValidSelectionIsOneLineAndExitCodeTwo(params string[] options)
    {
        var (code, output, error) = await StarterAsync(["templates", "push", .. options]);

        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Empty(output);
    }
}
