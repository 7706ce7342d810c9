using CoderBootstrap.Activities.Templates;

namespace CoderBootstrap.Activities.Tests.Content;

public sealed class WorkspaceTemplateTests
{
    private const string ModuleDirectory = "templates/modules/kubernetes-workspace";

    public static TheoryData<string> TemplateDirectories() => new(WorkspaceTemplate.RelativeDirectories());

    [Theory]
    [InlineData("backend", "java-spring", "python-django-crewai", "go-fiber", "ruby-rails", "php-symfony", "rust-actix", "dotnet-core")]
    [InlineData("frontend", "react-typescript", "angular", "vue-nuxt", "sveltekit")]
    [InlineData("ai-enhanced", "claude-flow-base", "claude-flow-enterprise")]
    [InlineData("devops", "docker-compose", "kubernetes-helm", "terraform-kubernetes")]
    [InlineData("data-ml", "jupyter-python", "r-studio")]
    [InlineData("mobile", "flutter", "react-native", "ionic")]
    public void Every_template_of_the_specification_is_present_in_its_category(string category, params string[] names)
    {
        var present = WorkspaceTemplate.RelativeDirectories().ToList();

        Assert.All(names, name => Assert.Contains($"templates/{category}/{name}", present));
    }

    [Fact]
    public void There_are_21_templates_in_6_categories()
    {
        var directories = WorkspaceTemplate.RelativeDirectories().ToList();

        Assert.Equal(21, directories.Count);
        Assert.Equal(6, directories.Select(d => d.Split('/')[1]).Distinct().Count());
    }

    [Fact]
    public void The_catalog_lists_every_template_folder_once_under_its_category()
    {
        var catalog = TemplateCatalogFile.Load(RepositoryLayout.PathOf("templates"));

        var listed = catalog.Templates.Select(t => $"templates/{t.Category}/{t.Name}").Order(StringComparer.Ordinal);

        Assert.Equal(WorkspaceTemplate.RelativeDirectories(), listed);
        Assert.Equal(6, catalog.Categories.Count);
    }

    [Theory]
    [MemberData(nameof(TemplateDirectories))]
    public void Template_folder_has_a_main_tf_its_workspace_data_a_startup_script_and_a_readme(string relativeDirectory)
    {
        var directory = RepositoryLayout.PathOf(relativeDirectory.Split('/'));

        Assert.True(File.Exists(Path.Combine(directory, "main.tf")), $"{relativeDirectory} has no main.tf");
        Assert.True(File.Exists(Path.Combine(directory, "workspace.yaml")), $"{relativeDirectory} has no workspace.yaml");
        Assert.True(File.Exists(Path.Combine(directory, "startup.sh")), $"{relativeDirectory} has no startup.sh");
        Assert.True(File.Exists(Path.Combine(directory, "README.md")), $"{relativeDirectory} has no README.md");
    }

    [Theory]
    [MemberData(nameof(TemplateDirectories))]
    public void Template_keeps_the_agent_and_the_kubernetes_objects_in_the_shared_module(string relativeDirectory)
    {
        var template = WorkspaceTemplate.Load(relativeDirectory);

        Assert.Empty(template.Resources("coder_agent"));
        Assert.Empty(template.Resources("kubernetes_deployment"));
        Assert.Empty(template.Resources("kubernetes_persistent_volume_claim"));
        Assert.Empty(template.Body.BlocksOf("data", "coder_parameter"));
        var module = Assert.Single(template.Body.BlocksOf("module", "workspace"));
        Assert.Equal("./modules/kubernetes-workspace", module.Body.StringValue("source"));
        Assert.Equal("yamldecode(file(\"${path.module}/workspace.yaml\"))", module.Body.Expression("workspace"));
        Assert.Equal("file(\"${path.module}/startup.sh\")", module.Body.Expression("startup_script"));
    }

    [Theory]
    [MemberData(nameof(TemplateDirectories))]
    public void Template_readme_documents_every_parameter_its_ports_and_resource_defaults(string relativeDirectory)
    {
        var template = WorkspaceTemplate.Load(relativeDirectory);
        var readme = File.ReadAllText(Path.Combine(template.Directory, "README.md"));
        var defaults = template.Data().Mapping("resources")!;

        var shared = template.Data().Scalar("nodejs") == "true" ? ["node_version"] : Array.Empty<string>();
        foreach (var name in template.ParameterNames().Concat(["cpu", "memory", "disk_size", .. shared]))
        {
            Assert.Contains($"`{name}`", readme);
        }

        Assert.Contains("## Ports", readme);
        Assert.Contains("13337", readme);
        Assert.Contains($"{defaults.Scalar("cpu")} CPU / {defaults.Scalar("memory")} GB memory / {defaults.Scalar("disk_size")} GB home disk", readme);
    }

    [Fact]
    public void Django_defaults_are_the_specifications_2_cpu_4_gb_20_gb()
    {
        var defaults = WorkspaceTemplate.Load("templates/backend/python-django-crewai").Data().Mapping("resources")!;

        Assert.Equal(["2", "4", "20"], new[] { "cpu", "memory", "disk_size" }.Select(name => defaults.Scalar(name)));
    }

    [Theory]
    [InlineData("templates/ai-enhanced/claude-flow-base")]
    [InlineData("templates/ai-enhanced/claude-flow-enterprise")]
    public void Ai_enhanced_templates_install_claude_code_and_its_hooks_without_a_key(string relativeDirectory)
    {
        var directory = RepositoryLayout.PathOf(relativeDirectory.Split('/'));
        var script = File.ReadAllText(Path.Combine(directory, "startup.sh"));
        var settings = Directory.GetFiles(directory, "*.json").Select(File.ReadAllText).Single();

        Assert.Contains("@anthropic-ai/claude-code", script);
        Assert.Contains("\"hooks\"", settings);
        Assert.DoesNotContain("ANTHROPIC_API_KEY", File.ReadAllText(Path.Combine(directory, "main.tf")) + File.ReadAllText(Path.Combine(directory, "workspace.yaml")));
        Assert.DoesNotContain("sk-ant-", settings + script);
    }

    [Fact]
    public void Shared_module_declares_the_linux_agent_running_the_preamble_then_the_templates_startup_script()
    {
        var agent = Assert.Single(WorkspaceTemplate.Load(ModuleDirectory).Resources("coder_agent"));
        var script = agent.Body.Expression("startup_script")!;

        Assert.Equal("linux", agent.Body.StringValue("os"));
        Assert.True(script.IndexOf("startup-preamble.sh", StringComparison.Ordinal) < script.IndexOf("var.startup_script", StringComparison.Ordinal));
    }

    [Fact]
    public void Shared_module_runs_the_agent_init_script_with_its_token_in_the_workspace_container()
    {
        var container = WorkspaceTemplate.Load(ModuleDirectory).PodSpec()?.SingleBlock("container");

        Assert.NotNull(container);
        Assert.Contains("coder_agent.main.init_script", container.Body.Expression("command"));
        var token = container.Body.BlocksOf("env").Single(env => env.Body.StringValue("name") == "CODER_AGENT_TOKEN");
        Assert.Equal("coder_agent.main.token", token.Body.Expression("value"));
    }

    [Fact]
    public void Shared_module_starts_the_deployment_only_while_the_workspace_runs()
    {
        var deployment = Assert.Single(WorkspaceTemplate.Load(ModuleDirectory).Resources("kubernetes_deployment"));

        Assert.Equal("data.coder_workspace.me.start_count", deployment.Body.Expression("count"));
    }

    [Fact]
    public void Shared_module_mounts_a_claim_sized_by_the_disk_parameter_at_home_coder()
    {
        var module = WorkspaceTemplate.Load(ModuleDirectory);
        var podSpec = module.PodSpec();
        Assert.NotNull(podSpec);

        var mount = podSpec.SingleBlock("container")!.Body.BlocksOf("volume_mount").Single(m => m.Body.StringValue("mount_path") == "/home/coder");
        var volume = podSpec.BlocksOf("volume").Single(v => v.Body.StringValue("name") == mount.Body.StringValue("name"));
        Assert.Contains("kubernetes_persistent_volume_claim.home.", volume.Body.SingleBlock("persistent_volume_claim")!.Body.Expression("claim_name"));
        var storage = Assert.Single(module.Resources("kubernetes_persistent_volume_claim")).Body.SingleBlock("spec")!.Body.SingleBlock("resources")!.Body.Expression("requests")!;
        Assert.True(module.DependsOn(storage, "data.coder_parameter.workspace[\"disk_size\"].value"));
    }

    [Fact]
    public void Shared_module_sets_requests_and_limits_from_the_cpu_and_memory_parameters()
    {
        var module = WorkspaceTemplate.Load(ModuleDirectory);
        var resources = module.PodSpec()!.SingleBlock("container")!.Body.SingleBlock("resources")!;

        foreach (var section in new[] { "requests", "limits" })
        {
            var values = resources.Body.Expression(section)!;
            Assert.True(module.DependsOn(values, "data.coder_parameter.workspace[\"cpu\"].value"), $"{section} do not depend on cpu");
            Assert.True(module.DependsOn(values, "data.coder_parameter.workspace[\"memory\"].value"), $"{section} do not depend on memory");
        }
    }

    [Fact]
    public void Shared_module_drops_capabilities_and_escalation_under_the_restricted_standard()
    {
        var podSpec = WorkspaceTemplate.Load(ModuleDirectory).PodSpec()!;
        var pod = podSpec.SingleBlock("security_context")!;
        var container = podSpec.SingleBlock("container")!.Body.SingleBlock("security_context")!;

        Assert.Equal("true", pod.Body.Expression("run_as_non_root"));
        Assert.Equal("1000", pod.Body.Expression("run_as_user"));
        Assert.Equal("!local.restricted", container.Body.Expression("allow_privilege_escalation"));
        Assert.Equal("local.restricted ? [\"ALL\"] : []", container.Body.SingleBlock("capabilities")!.Body.Expression("drop"));
        Assert.Equal("var.workspace.node_selector", podSpec.Expression("node_selector"));
    }

    [Fact]
    public void Shared_module_labels_its_objects_and_places_them_in_the_environment_namespace()
    {
        var module = WorkspaceTemplate.Load(ModuleDirectory);

        foreach (var resource in module.Resources("kubernetes_deployment").Concat(module.Resources("kubernetes_persistent_volume_claim")))
        {
            var metadata = resource.Body.SingleBlock("metadata")!;
            Assert.Equal("local.environment.namespace", metadata.Body.Expression("namespace"));
            Assert.Contains("local.labels", metadata.Body.Expression("labels"));
            Assert.Equal("local.annotations", metadata.Body.Expression("annotations"));
        }
    }
}
