using ClickPredict.Registry;

namespace ClickPredict.Tests.Registry;

/// <summary>A killed or failing registration leaves either nothing or a complete version, and never a broken aliases file.</summary>
public class RegistryCrashTests
{
    private const string Name = "shop";

    [Fact]
    public void A_writer_that_fails_midway_leaves_no_version_and_the_aliases_untouched()
    {
        using var temp = new TempFolder();
        var registry = new ModelRegistry(temp.Path);
        registry.Register(Name, Complete);
        registry.SetAlias(Name, ModelAliases.Champion, 1, "first", "test");
        var aliasesBefore = File.ReadAllBytes(Path.Combine(registry.ModelFolder(Name), ModelRegistry.AliasesFile));

        Assert.Throws<IOException>(() => registry.Register(Name, (folder, _) =>
        {
            File.WriteAllText(Path.Combine(folder, ModelRegistry.ModelFile), "half a model");
            throw new IOException("disk full");
        }));

        Assert.Equal([1], registry.Versions(Name));
        Assert.Equal(["1"], Directory.EnumerateDirectories(registry.ModelFolder(Name)).Select(Path.GetFileName));
        Assert.Equal(aliasesBefore, File.ReadAllBytes(Path.Combine(registry.ModelFolder(Name), ModelRegistry.AliasesFile)));
    }

    [Fact]
    public void A_version_without_its_model_or_card_is_refused()
    {
        using var temp = new TempFolder();
        var registry = new ModelRegistry(temp.Path);

        var error = Assert.Throws<RegistryException>(() => registry.Register(Name, (folder, _) => File.WriteAllText(Path.Combine(folder, ModelRegistry.CardFile), "{}")));

        Assert.Contains("needs model.zip and model.json", error.Message, StringComparison.Ordinal);
        Assert.Empty(registry.Versions(Name));
    }

    [Fact]
    public void The_leftovers_of_a_killed_registration_are_not_a_version_and_are_cleared_by_the_next()
    {
        using var temp = new TempFolder();
        var registry = new ModelRegistry(temp.Path);
        // What `kill -9` during a registration leaves: a staging folder with part of a version in it.
        var leftover = Path.Combine(registry.ModelFolder(Name), ".staging-1-deadbeef");
        Directory.CreateDirectory(leftover);
        File.WriteAllText(Path.Combine(leftover, ModelRegistry.ModelFile), "half");

        Assert.Empty(registry.Versions(Name));
        Assert.Empty(registry.Names());

        var version = registry.Register(Name, Complete);

        Assert.Equal(1, version);
        Assert.False(Directory.Exists(leftover));
        Assert.Equal([Name], registry.Names());
    }

    [Fact]
    public void A_damaged_aliases_file_gives_a_clear_error()
    {
        using var temp = new TempFolder();
        var registry = new ModelRegistry(temp.Path);
        registry.Register(Name, Complete);
        File.WriteAllText(Path.Combine(registry.ModelFolder(Name), ModelRegistry.AliasesFile), "{\"championVersion\": 1,");

        var error = Assert.Throws<InvalidDataException>(() => registry.Aliases(Name));

        Assert.Contains("aliases.json is not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_names_that_could_escape_the_registry_are_refused()
    {
        using var temp = new TempFolder();
        var registry = new ModelRegistry(temp.Path);

        Assert.Throws<RegistryException>(() => registry.Register("../outside", Complete));
        Assert.Throws<RegistryException>(() => registry.Register(".hidden", Complete));
    }

    private static void Complete(string folder, int version)
    {
        File.WriteAllText(Path.Combine(folder, ModelRegistry.ModelFile), "model");
        File.WriteAllText(Path.Combine(folder, ModelRegistry.CardFile), "{}");
    }
}
