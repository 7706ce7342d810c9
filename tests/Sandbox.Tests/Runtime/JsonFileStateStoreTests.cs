using CoderBootstrap.Sandbox.Runtime;

namespace CoderBootstrap.Sandbox.Tests.Runtime;

public sealed class JsonFileStateStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sandbox-state-tests-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Saved_document_is_loaded_back_by_a_new_store_on_the_same_directory()
    {
        new JsonFileStateStore(_directory).Save("things", new Document("alpha", [1, 2, 3]));

        var loaded = new JsonFileStateStore(_directory).Load<Document>("things");

        Assert.Equal("alpha", loaded!.Name);
        Assert.Equal([1, 2, 3], loaded.Values);
    }

    [Fact]
    public void Save_leaves_only_the_final_file_behind()
    {
        var store = new JsonFileStateStore(_directory);

        store.Save("things", new Document("a", []));
        store.Save("things", new Document("b", []));

        Assert.Equal(["things.json"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public void Missing_key_loads_as_null()
    {
        Assert.Null(new JsonFileStateStore(_directory).Load<Document>("absent"));
    }

    [Fact]
    public void Key_with_path_characters_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new JsonFileStateStore(_directory).Save("../escape", new Document("x", [])));
    }

    [Fact]
    public void Null_store_forgets_everything()
    {
        NullStateStore.Instance.Save("things", new Document("a", []));

        Assert.Null(NullStateStore.Instance.Load<Document>("things"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    public sealed record Document(string Name, List<int> Values);
}
