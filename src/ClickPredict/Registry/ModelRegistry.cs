using System.Globalization;
using ClickPredict.Storage;

namespace ClickPredict.Registry;

/// <summary>
/// The local registry: <c>&lt;root&gt;/&lt;name&gt;/&lt;version&gt;/</c> holds model.zip, model.json, the report and
/// plots; <c>&lt;root&gt;/&lt;name&gt;/aliases.json</c> says which version is champion and challenger. A version
/// folder is written under a staging name and renamed into place whole, and aliases.json is
/// replaced atomically, so a killed training leaves either nothing or a complete version.
/// </summary>
internal sealed class ModelRegistry(string root)
{
    public const string DefaultRoot = "models";
    public const string ModelFile = "model.zip";
    public const string CardFile = "model.json";
    public const string AliasesFile = "aliases.json";
    private const string StagingPrefix = ".staging-";

    public string Root { get; } = Path.GetFullPath(root);

    public IReadOnlyList<string> Names() =>
        Directory.Exists(Root)
            ? [.. Directory.EnumerateDirectories(Root).Where(d => Versions(Path.GetFileName(d)).Count > 0).Select(Path.GetFileName).Order(StringComparer.Ordinal)!]
            : [];

    /// <summary>Committed versions of <paramref name="name"/>, oldest first; staging leftovers are not versions.</summary>
    public IReadOnlyList<int> Versions(string name)
    {
        var folder = ModelFolder(name);
        return Directory.Exists(folder)
            ? [.. Directory.EnumerateDirectories(folder)
                .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0)
                .Where(v => v > 0 && File.Exists(Path.Combine(VersionFolder(name, v), CardFile)))
                .Order()]
            : [];
    }

    public string ModelFolder(string name) => Path.Combine(Root, CheckName(name));

    public string VersionFolder(string name, int version) => Path.Combine(ModelFolder(name), version.ToString(CultureInfo.InvariantCulture));

    public ModelCard Card(string name, int version) =>
        JsonManifest.Read(Path.Combine(VersionFolder(name, version), CardFile), ManifestJson.Default.ModelCard, "remove that version folder")
            ?? throw new RegistryException($"Model {name} has no version {version} in {Root}; `clickpredict models list` shows what there is.");

    public ModelAliases Aliases(string name) =>
        JsonManifest.Read(Path.Combine(ModelFolder(name), AliasesFile), ManifestJson.Default.ModelAliases, "fix or delete it, then set the aliases with `clickpredict models promote`")
            ?? new ModelAliases();

    /// <summary>Resolves <c>name</c>, <c>name@champion</c>, <c>name@challenger</c> or <c>name@3</c> (a bare name means its champion).</summary>
    public (string Name, int Version) Resolve(string reference)
    {
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        var name = at < 0 ? reference : reference[..at];
        var which = at < 0 ? ModelAliases.Champion : reference[(at + 1)..];
        if (Versions(name).Count == 0)
        {
            throw new RegistryException($"No model named '{name}' in {Root}; train one with `clickpredict train`.");
        }

        if (int.TryParse(which, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return Versions(name).Contains(version)
                ? (name, version)
                : throw new RegistryException($"Model {name} has no version {version}; it has {string.Join(", ", Versions(name))}.");
        }

        if (!ModelAliases.Names.Contains(which))
        {
            throw new RegistryException($"'{which}' in '{reference}' is neither a version number nor an alias ({string.Join(", ", ModelAliases.Names)}).");
        }

        return Aliases(name).VersionOf(which) is { } aliased
            ? (name, aliased)
            : throw new RegistryException($"Model {name} has no {which}; `clickpredict models list` shows its versions.");
    }

    /// <summary>
    /// Writes a new version: <paramref name="write"/> fills a staging folder (given the version number
    /// it will get), which is then renamed into place. Returns the version.
    /// </summary>
    public int Register(string name, Action<string, int> write)
    {
        using var hold = Lock(name);
        RemoveStagingLeftovers(name);
        var version = Versions(name).DefaultIfEmpty(0).Max() + 1;
        var staging = Path.Combine(ModelFolder(name), $"{StagingPrefix}{version}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            write(staging, version);
            if (!File.Exists(Path.Combine(staging, CardFile)) || !File.Exists(Path.Combine(staging, ModelFile)))
            {
                throw new RegistryException($"A registered version needs {ModelFile} and {CardFile}; the writer produced neither or one.");
            }

            Directory.Move(staging, VersionFolder(name, version));
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        return version;
    }

    /// <summary>
    /// Points an alias at a version, recording why; aliases.json is replaced atomically. A version
    /// rejected at training is refused unless <paramref name="force"/> (a person's decision, with the reason recorded).
    /// </summary>
    public ModelAliases SetAlias(string name, string alias, int version, string reason, string by, bool force = false)
    {
        using var hold = Lock(name);
        if (!Versions(name).Contains(version))
        {
            throw new RegistryException($"Model {name} has no version {version}; it has {string.Join(", ", Versions(name))}.");
        }

        if (RejectionOf(name, version) is { } rejected && !force)
        {
            throw new RegistryException($"{name} v{version} was rejected at training: {rejected}. It is never served unless promoted with --force and a reason.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new RegistryException("A promotion needs a reason; it is recorded in aliases.json.");
        }

        var aliases = Aliases(name);
        if (alias == ModelAliases.Challenger && aliases.ChampionVersion == version)
        {
            throw new RegistryException($"Version {version} is the champion; promote another version to champion first.");
        }

        var updated = aliases.With(alias, version, reason, by, DateTimeOffset.UtcNow);
        JsonManifest.Write(Path.Combine(ModelFolder(name), AliasesFile), updated, ManifestJson.Default.ModelAliases);
        return updated;
    }

    /// <summary>The card's <c>rejected</c> reason, read on its own so an alias check does not depend on the rest of the card.</summary>
    private string? RejectionOf(string name, int version)
    {
        using var card = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(VersionFolder(name, version), CardFile)));
        return card.RootElement.TryGetProperty("rejected", out var reason) && reason.ValueKind == System.Text.Json.JsonValueKind.String ? reason.GetString() : null;
    }

    /// <summary>Updates a committed version's card (the MLflow run id arrives after registration).</summary>
    public void UpdateCard(ModelCard card) =>
        JsonManifest.Write(Path.Combine(VersionFolder(card.Name, card.Version), CardFile), card, ManifestJson.Default.ModelCard);

    private void RemoveStagingLeftovers(string name)
    {
        foreach (var leftover in Directory.EnumerateDirectories(ModelFolder(name), StagingPrefix + "*"))
        {
            Directory.Delete(leftover, recursive: true);
        }
    }

    private FileStream Lock(string name) =>
        FolderLock.Exclusive(ModelFolder(name), e => new RegistryException($"Model {name} in {Root} is being written by another ClickPredict command; wait for it to finish.", e));

    private static string CheckName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && name[0] != '.'
            ? name
            : throw new RegistryException($"'{name}' is not a model name: use 1–64 letters, digits, '-', '_' or '.', not starting with '.'.");
}

/// <summary>A registry request that cannot be met; the message says what there is instead.</summary>
internal sealed class RegistryException(string message, Exception? inner = null) : Exception(message, inner);
