using System.Text.RegularExpressions;

namespace CoderBootstrap.Activities.Tests.Content;

public sealed class WorkspaceTemplateTests
{
    public static TheoryData<string> TemplateDirectories() => new(WorkspaceTemplate.RelativeDirectories());

    [Theory]
    [InlineData("templates/backend/python-django-crewai")]
    [InlineData("templates/backend/java-spring")]
    [InlineData("templates/frontend/react-typescript")]
    [InlineData("templates/devops/terraform-kubernetes")]
    public void Required_template_is_present(string relativeDirectory)
    {
        Assert.Contains(relativeDirectory, WorkspaceTemplate.RelativeDirectories());
    }

    [Theory]
    [MemberData(nameof(TemplateDirectories))]
    public void Template_folder_has_a_main_tf_and_a_readme(string relativeDirectory)
    {
        var directory = RepositoryLayout.PathOf(relativeDirectory.Split('/'));

        Assert.True(File.Exists(Path.Combine(directory, "main.tf")), $"{relativeDirectory} has no main.tf");
        Assert.True(File.Exists(Path.Combine(directory, "README.md")), $"{relativeDirectory} has no README.md");
    }

    [Theory]
    [MemberData(nameof(TemplateDirectories))]
    public void Template_main_tf_has_balanced_braces_quotes_and_heredocs(string relativeDirectory)
    {
        var path = RepositoryLayout.PathOf([.. relativeDirectory.Split('/'), "main.tf"]);

        var exception = Record.Exception(() => HclParser.Parse(File.ReadAllText(path)));

        Assert.True(exception is null, $"{relativeDirectory}/main.tf: {exception?.Message}");
    }

    [Theory]
    [MemberData(nameof(TemplateDirectories))]
    public void Template_requires_the_coder_and_kubernetes_providers_with_versions(string relativeDirectory)
    {
        var template = WorkspaceTemplate.Load(relativeDirectory);

        var requiredProviders = template.Body.SingleBlock("terraform")?.Body.SingleBlock("required_providers");

        Assert.NotNull(requiredProviders);
        foreach (var (name, source) in new[] { ("coder", "coder/coder"), ("kubernetes", "hashicorp/kubernetes") })
        {
            var declaration = requiredProviders.Body.Expression(name);
            Assert.NotNull(declaration);
            Assert.Matches($"source\\s*=\\s*\"{Regex.Escape(source)}\"", declaration);
            Assert.Matches("version\\s*=\\s*\"[^\"]+\"", declaration);
        }
    }

    [Theory]
    [MemberData(nameof(TemplateDirectories))]
    public void Template_declares_the_namespace_and_use_kubeconfig_variables(string relativeDirectory)
    {
        var template = WorkspaceTemplate.Load(relativeDirectory);

        var useKubeconfig = template.Body.SingleBlock("variable", "use_kubeconfig");
        Assert.NotNull(template.Body.SingleBlock("variable", "namespace"));
        Assert.NotNull(useKubeconfig);
        Assert.Equal("bool", useKubeconfig.Body.Expression("type"));
        var kubernetesProvider = template.Body.SingleBlock("provider", "kubernetes");
        Assert.NotNull(kubernetesProvider);
        Assert.Contains("var.use_kubeconfig", kubernetesProvider.Body.Expression("config_path"));
    }

    [Theory]
    [MemberData(nameof(TemplateDirectories))]
    public void Template_offers_cpu_memory_and_disk_parameters_with_options_or_validation(string relativeDirectory)
    {
        var template = WorkspaceTemplate.Load(relativeDirectory);

        foreach (var word in new[] { "cpu", "memory", "disk" })
        {
            var parameter = template.ParameterNamed(word);
            Assert.True(parameter is not null, $"{relativeDirectory} has no coder_parameter named like '{word}'");
            Assert.Equal("\"number\"", parameter.Body.Expression("type"));
            var options = parameter.Body.BlocksOf("option").Count();
            var validation = parameter.Body.SingleBlock("validation");
            var bounded = validation is not null
                && validation.Body.Expression("min") is not null
                && validation.Body.Expression("max") is not null;
            Assert.True(options >= 2 || bounded, $"parameter '{word}' has neither options nor a min/max validation");
        }
    }

    [Theory]
    [MemberData(nameof(TemplateDirectories))]
    public void Template_declares_a_coder_agent_with_a_startup_script(string relativeDirectory)
    {
        var template = WorkspaceTemplate.Load(relativeDirectory);

        var agent = Assert.Single(template.Resources("coder_agent"));

        Assert.Equal("\"linux\"", agent.Body.Expression("os"));
        var startupScript = agent.Body.Expression("startup_script");
        Assert.NotNull(startupScript);
        Assert.StartsWith("<<", startupScript);
        Assert.Contains("curl", startupScript);
    }

    [Theory]
    [MemberData(nameof(TemplateDirectories))]
    public void Template_runs_the_agent_init_script_with_its_token_in_the_workspace_container(string relativeDirectory)
    {
        var template = WorkspaceTemplate.Load(relativeDirectory);
        var agentName = Assert.Single(template.Resources("coder_agent")).Labels[1];

        var container = template.PodSpec()?.SingleBlock("container");

        Assert.NotNull(container);
        Assert.Contains($"coder_agent.{agentName}.init_script", container.Body.Expression("command"));
        var tokenVariable = container.Body.BlocksOf("env")
            .SingleOrDefault(env => env.Body.StringValue("name") == "CODER_AGENT_TOKEN");
        Assert.NotNull(tokenVariable);
        Assert.Equal($"coder_agent.{agentName}.token", tokenVariable.Body.Expression("value"));
    }

    [Theory]
    [MemberData(nameof(TemplateDirectories))]
    public void Template_starts_the_deployment_only_while_the_workspace_runs(string relativeDirectory)
    {
        var template = WorkspaceTemplate.Load(relativeDirectory);

        var deployment = Assert.Single(template.Resources("kubernetes_deployment"));

        Assert.Equal("data.coder_workspace.me.start_count", deployment.Body.Expression("count"));
    }

    [Theory]
    [MemberData(nameof(TemplateDirectories))]
    public void Template_mounts_a_persistent_volume_claim_at_home_coder(string relativeDirectory)
    {
        var template = WorkspaceTemplate.Load(relativeDirectory);
        var claim = Assert.Single(template.Resources("kubernetes_persistent_volume_claim"));
        var podSpec = template.PodSpec();
        Assert.NotNull(podSpec);

        var homeMount = podSpec.SingleBlock("container")?.Body.BlocksOf("volume_mount")
            .SingleOrDefault(mount => mount.Body.StringValue("mount_path") == "/home/coder");
        Assert.NotNull(homeMount);
        var volumeName = homeMount.Body.StringValue("name");
        var volume = podSpec.BlocksOf("volume").SingleOrDefault(candidate => candidate.Body.StringValue("name") == volumeName);
        Assert.NotNull(volume);
        var claimName = volume.Body.SingleBlock("persistent_volume_claim")?.Body.Expression("claim_name");
        Assert.NotNull(claimName);
        Assert.Contains($"kubernetes_persistent_volume_claim.{claim.Labels[1]}.", claimName);
    }

    [Theory]
    [MemberData(nameof(TemplateDirectories))]
    public void Template_sizes_the_home_volume_from_the_disk_parameter(string relativeDirectory)
    {
        var template = WorkspaceTemplate.Load(relativeDirectory);
        var disk = template.ParameterNamed("disk");
        Assert.NotNull(disk);

        var storage = Assert.Single(template.Resources("kubernetes_persistent_volume_claim")).Body
            .SingleBlock("spec")?.Body.SingleBlock("resources")?.Body.Expression("requests");

        Assert.NotNull(storage);
        Assert.Contains("storage", storage);
        Assert.True(template.DependsOn(storage, $"data.coder_parameter.{disk.Labels[1]}.value"),
            "the PVC storage request does not come from the disk parameter");
    }

    [Theory]
    [MemberData(nameof(TemplateDirectories))]
    public void Template_sets_container_requests_and_limits_from_the_cpu_and_memory_parameters(string relativeDirectory)
    {
        var template = WorkspaceTemplate.Load(relativeDirectory);
        var resources = template.PodSpec()?.SingleBlock("container")?.Body.SingleBlock("resources");
        Assert.NotNull(resources);

        foreach (var section in new[] { "requests", "limits" })
        {
            var values = resources.Body.Expression(section);
            Assert.NotNull(values);
            foreach (var word in new[] { "cpu", "memory" })
            {
                var parameter = template.ParameterNamed(word);
                Assert.NotNull(parameter);
                Assert.True(template.DependsOn(values, $"data.coder_parameter.{parameter.Labels[1]}.value"),
                    $"the container {section} do not depend on the {word} parameter");
            }
        }
    }

    [Theory]
    [MemberData(nameof(TemplateDirectories))]
    public void Template_runs_the_workspace_as_a_non_root_user_without_privilege_escalation(string relativeDirectory)
    {
        var template = WorkspaceTemplate.Load(relativeDirectory);
        var podSpec = template.PodSpec();
        Assert.NotNull(podSpec);

        var podSecurity = podSpec.SingleBlock("security_context");
        var containerSecurity = podSpec.SingleBlock("container")?.Body.SingleBlock("security_context");

        Assert.NotNull(podSecurity);
        Assert.Equal("true", podSecurity.Body.Expression("run_as_non_root"));
        Assert.NotEqual("0", podSecurity.Body.Expression("run_as_user"));
        Assert.NotNull(containerSecurity);
        Assert.Equal("false", containerSecurity.Body.Expression("allow_privilege_escalation"));
        Assert.Contains("\"ALL\"", containerSecurity.Body.SingleBlock("capabilities")?.Body.Expression("drop"));
    }

    [Theory]
    [MemberData(nameof(TemplateDirectories))]
    public void Template_places_and_labels_its_kubernetes_objects_in_the_namespace_variable(string relativeDirectory)
    {
        var template = WorkspaceTemplate.Load(relativeDirectory);

        foreach (var resource in template.Resources("kubernetes_deployment").Concat(template.Resources("kubernetes_persistent_volume_claim")))
        {
            var metadata = resource.Body.SingleBlock("metadata");
            Assert.NotNull(metadata);
            Assert.Equal("var.namespace", metadata.Body.Expression("namespace"));
            Assert.NotNull(metadata.Body.Expression("labels"));
        }

        var selector = Assert.Single(template.Resources("kubernetes_deployment")).Body
            .SingleBlock("spec")?.Body.SingleBlock("selector")?.Body.Expression("match_labels");
        Assert.NotNull(selector);
    }

    [Theory]
    [MemberData(nameof(TemplateDirectories))]
    public void Template_offers_code_server_as_an_ide_app_and_at_least_one_stack_app(string relativeDirectory)
    {
        var template = WorkspaceTemplate.Load(relativeDirectory);
        var apps = template.Resources("coder_app").ToList();

        var ide = apps.SingleOrDefault(app => app.Body.StringValue("slug") == "code-server");

        Assert.NotNull(ide);
        Assert.Contains("13337", ide.Body.Expression("url"));
        Assert.NotNull(ide.Body.SingleBlock("healthcheck"));
        Assert.Contains("code-server --auth none --port 13337",
            Assert.Single(template.Resources("coder_agent")).Body.Expression("startup_script"));
        Assert.True(apps.Count >= 2, $"{relativeDirectory} has no app for its stack besides the IDE");
    }

    [Theory]
    [MemberData(nameof(TemplateDirectories))]
    public void Template_describes_its_resources_with_coder_metadata(string relativeDirectory)
    {
        var template = WorkspaceTemplate.Load(relativeDirectory);

        var metadata = template.Resources("coder_metadata").ToList();

        Assert.NotEmpty(metadata);
        Assert.All(metadata, block =>
        {
            Assert.NotNull(block.Body.Expression("resource_id"));
            Assert.NotEmpty(block.Body.BlocksOf("item"));
        });
    }

    [Theory]
    [MemberData(nameof(TemplateDirectories))]
    public void Template_readme_documents_every_parameter_and_how_to_push_it(string relativeDirectory)
    {
        var template = WorkspaceTemplate.Load(relativeDirectory);
        var readme = File.ReadAllText(Path.Combine(template.Directory, "README.md"));

        foreach (var parameter in template.Parameters())
        {
            var name = parameter.Body.StringValue("name");
            Assert.False(string.IsNullOrEmpty(name));
            Assert.Contains($"`{name}`", readme);
        }

        Assert.Contains("coder templates push", readme);
        Assert.Contains(relativeDirectory, readme);
    }
}
