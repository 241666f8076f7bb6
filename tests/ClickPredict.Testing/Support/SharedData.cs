namespace ClickPredict.Tests.Support;

/// <summary>
/// Real samples. REES46 ships with the project (<c>data/samples/</c>, with its attribution); Taobao's
/// terms are research-only, so it does not: its tests are in the <see cref="ExternalData"/> category
/// and read the file named by <see cref="TaobaoVariable"/>, or a <c>shared/data</c> copy above the clone.
/// </summary>
public static class SharedData
{
    /// <summary>The trait category of tests that need a sample the project does not ship.</summary>
    public const string ExternalData = "ExternalData";

    public const string TaobaoVariable = "CLICKPREDICT_TAOBAO_SAMPLE";

    public static string Rees46 => RepositoryFile("data", "samples", "rees46-2019oct-head", "events.csv");

    public static string Taobao =>
        Environment.GetEnvironmentVariable(TaobaoVariable) is { Length: > 0 } named
            ? File.Exists(named) ? named : throw new FileNotFoundException($"{TaobaoVariable}={named}: no such file.")
            : Above(Path.Combine("shared", "data", "taobao-userbehavior-head", "UserBehavior.csv"))
                ?? throw new FileNotFoundException(
                    $"The Taobao UserBehavior sample is not shipped (research-only terms): set {TaobaoVariable} to its UserBehavior.csv to run the {ExternalData} tests.");

    /// <summary>A path inside this repository (the folder holding ClickPredict.sln).</summary>
    public static string RepositoryFile(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ClickPredict.sln")))
            {
                return Path.Combine([dir.FullName, .. parts]);
            }
        }

        throw new DirectoryNotFoundException($"No ClickPredict.sln above {AppContext.BaseDirectory}.");
    }

    private static string? Above(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
