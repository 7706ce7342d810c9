using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Kubernetes;

namespace CoderBootstrap.Sandbox.Tests.Kubernetes;

public sealed class KubernetesPrimitivesTests
{
    [Theory]
    [InlineData("app=coder", true)]
    [InlineData("app==coder,tier!=db", true)]
    [InlineData("app in (coder, web)", true)]
    [InlineData("app notin (coder)", false)]
    [InlineData("app,!missing", true)]
    [InlineData("missing", false)]
    [InlineData("app.kubernetes.io/name=coder", true)]
    public void LabelSelectorMatchesLikeTheApiServer(string selector, bool expected)
    {
        var labels = new JsonObject { ["app"] = "coder", ["tier"] = "web", ["app.kubernetes.io/name"] = "coder" };

        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(labels));
    }

    [Fact]
    public void AnInvalidLabelSelectorIsABadRequest()
    {
        var error = Assert.Throws<KubernetesApiException>(() => LabelSelector.Parse("a b c"));

        Assert.Equal(400, error.Code);
    }

    [Fact]
    public void FieldSetsRoundTripThroughFieldsV1()
    {
        var resource = JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"x","labels":{"app":"x"}},
             "spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"x","image":"i"}]}}}}
            """)!.AsObject();

        var paths = FieldSets.Collect(resource);
        var roundTripped = FieldSets.FromFieldsV1(FieldSets.ToFieldsV1(paths));

        Assert.Equal(paths.Order(), roundTripped.Order());
        Assert.Contains(paths, path => FieldSets.Display(path) == ".spec.template.spec.containers[name=\"x\"].image");
        Assert.DoesNotContain(paths, path => FieldSets.Display(path) == ".metadata.name");
    }

    [Fact]
    public void FieldsV1UsesTheApiServerNotation()
    {
        var resource = JsonNode.Parse("""{"spec":{"containers":[{"name":"x","image":"i"}]}}""")!.AsObject();

        var fields = FieldSets.ToFieldsV1(FieldSets.Collect(resource));

        Assert.Equal("""{"f:spec":{"f:containers":{"k:{\"name\":\"x\"}":{".":{},"f:image":{},"f:name":{}}}}}""", fields.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    [Fact]
    public void MergePatchFollowsRfc7386()
    {
        var target = JsonNode.Parse("""{"a":"b","c":{"d":"e","f":"g"}}""");
        var patch = JsonNode.Parse("""{"a":"z","c":{"f":null}}""");

        var result = JsonMergePatch.Apply(target, patch);

        Assert.Equal("""{"a":"z","c":{"d":"e"}}""", result!.ToJsonString());
    }

    [Fact]
    public void StrategicMergePatchDeletesAListItemWithThePatchDirective()
    {
        var target = JsonNode.Parse("""{"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}""");
        var patch = JsonNode.Parse("""{"env":[{"name":"A","$patch":"delete"}]}""");

        var result = StrategicMergePatch.Apply(target, patch);

        Assert.Equal("""{"env":[{"name":"B","value":"2"}]}""", result!.ToJsonString());
    }

    [Fact]
    public void YamlScalarsFollowTheCoreSchemaAndQuotedScalarsStayStrings()
    {
        var parsed = YamlJson.Parse("replicas: 3\nenabled: true\nport: \"8080\"\nempty: null\nname: coder\n")!.AsObject();

        Assert.Equal(3, parsed["replicas"]!.GetValue<long>());
        Assert.True(parsed["enabled"]!.GetValue<bool>());
        Assert.Equal("8080", parsed["port"]!.GetValue<string>());
        Assert.Null(parsed["empty"]);
        Assert.Equal("coder", parsed["name"]!.GetValue<string>());
    }
}
