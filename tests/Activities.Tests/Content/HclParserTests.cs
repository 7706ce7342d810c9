using CoderBootstrap.Activities.Templates.Hcl;

namespace CoderBootstrap.Activities.Tests.Content;

public sealed class HclParserTests
{
    [Fact]
    public void Parse_returns_blocks_with_labels_and_attributes_as_source_text()
    {
        const string text = """
            # comment
            resource "kubernetes_deployment" "main" {
              count = data.coder_workspace.me.start_count
              spec {
                labels = merge(local.labels, {
                  "a" = "b"
                })
              }
            }
            """;

        var body = HclParser.Parse(text);

        var deployment = Assert.Single(body.BlocksOf("resource", "kubernetes_deployment"));
        Assert.Equal(["kubernetes_deployment", "main"], deployment.Labels);
        Assert.Equal("data.coder_workspace.me.start_count", deployment.Body.Expression("count"));
        var spec = Assert.Single(deployment.Body.BlocksOf("spec"));
        Assert.StartsWith("merge(local.labels, {", spec.Body.Expression("labels"));
        Assert.EndsWith("})", spec.Body.Expression("labels"));
    }

    [Fact]
    public void Parse_rejects_a_block_that_is_never_closed_naming_its_line()
    {
        const string text = "locals {\n  a = 1\n\nresource \"x\" \"y\" {\n  b = 2\n}\n";

        var error = Assert.Throws<HclSyntaxException>(() => HclParser.Parse(text));

        Assert.Contains("opened on line 1", error.Message);
    }

    [Fact]
    public void Parse_rejects_a_closing_brace_without_a_block()
    {
        var error = Assert.Throws<HclSyntaxException>(() => HclParser.Parse("locals {\n  a = 1\n}\n}\n"));

        Assert.Equal(4, error.Line);
    }

    [Fact]
    public void Parse_rejects_a_string_left_open_at_the_end_of_its_line()
    {
        var error = Assert.Throws<HclSyntaxException>(() => HclParser.Parse("locals {\n  a = \"open\n}\n"));

        Assert.Contains("string opened on line 2", error.Message);
    }

    [Fact]
    public void Parse_rejects_mismatched_brackets_in_an_expression()
    {
        var error = Assert.Throws<HclSyntaxException>(() => HclParser.Parse("locals {\n  a = merge(x, [1, 2)\n}\n"));

        Assert.Contains("expects ']'", error.Message);
    }

    [Fact]
    public void Parse_rejects_a_heredoc_without_its_closing_marker()
    {
        const string text = "resource \"coder_agent\" \"main\" {\n  startup_script = <<-EOT\n    echo hi\n  EOF\n}\n";

        var error = Assert.Throws<HclSyntaxException>(() => HclParser.Parse(text));

        Assert.Contains("heredoc <<EOT opened on line 2", error.Message);
    }

    [Fact]
    public void Parse_accepts_shell_braces_and_escaped_interpolations_inside_a_heredoc()
    {
        const string text = """
            resource "coder_agent" "main" {
              startup_script = <<-EOT
                fail() { echo "$${1}" >&2; }
                if [ -n "$HOME" ]; then echo "${local.version}"; fi
                echo '}' '{'
              EOT
            }
            """;

        var agent = Assert.Single(HclParser.Parse(text).BlocksOf("resource", "coder_agent"));

        Assert.Contains("fail() {", agent.Body.Expression("startup_script"));
    }

    [Fact]
    public void Parse_rejects_an_interpolation_left_open_inside_a_heredoc()
    {
        const string text = "resource \"coder_agent\" \"main\" {\n  startup_script = <<-EOT\n    echo ${HOME\n  EOT\n}\n";

        Assert.Throws<HclSyntaxException>(() => HclParser.Parse(text));
    }

    [Fact]
    public void Parse_accepts_quotes_nested_inside_an_interpolation()
    {
        const string text = "locals {\n  a = \"x-${var.mode == \"fast\" ? \"1\" : \"2\"}-y\"\n}\n";

        var locals = Assert.Single(HclParser.Parse(text).BlocksOf("locals"));

        Assert.Equal("\"x-${var.mode == \"fast\" ? \"1\" : \"2\"}-y\"", locals.Body.Expression("a"));
    }

    [Fact]
    public void StringValue_returns_a_quoted_literal_without_its_quotes_and_null_for_expressions()
    {
        var body = HclParser.Parse("a = \"text\"\nb = var.text\n");

        Assert.Equal("text", body.StringValue("a"));
        Assert.Null(body.StringValue("b"));
    }
}
