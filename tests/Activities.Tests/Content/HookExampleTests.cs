namespace CoderBootstrap.Activities.Tests.Content;

public sealed class HookExampleTests
{
    [Theory]
    [InlineData("pre-setup.sh", new[] { "ENVIRONMENT", "TEMPLATE", "PROJECT_ROOT", "KUBECONFIG" })]
    [InlineData("post-setup.sh", new[] { "ENVIRONMENT", "TEMPLATE", "PROJECT_ROOT", "KUBECONFIG", "CODER_URL" })]
    public void Hook_example_is_a_strict_bash_script_using_the_setup_environment(string fileName, string[] variables)
    {
        var path = RepositoryLayout.PathOf("hooks", "examples", fileName);
        Assert.True(File.Exists(path), $"hooks/examples/{fileName} is missing");
        var text = File.ReadAllText(path);

        Assert.StartsWith("#!/usr/bin/env bash\n", text);
        Assert.Contains("\nset -euo pipefail\n", text);
        foreach (var variable in variables)
        {
            Assert.Contains(variable, text);
        }
    }

    [Fact]
    public void Hook_examples_are_not_installed_as_active_hooks()
    {
        foreach (var fileName in new[] { "pre-setup.sh", "post-setup.sh" })
        {
            var example = RepositoryLayout.PathOf("hooks", "examples", fileName);
            var active = RepositoryLayout.PathOf("hooks", fileName);
            Assert.True(File.Exists(example), $"hooks/examples/{fileName} is missing");
            Assert.False(File.Exists(active) && File.ReadAllText(active) == File.ReadAllText(example),
                $"hooks/{fileName} is a verbatim copy of the example and would run on every setup");
        }
    }
}
