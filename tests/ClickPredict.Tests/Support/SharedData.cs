namespace ClickPredict.Tests.Support;

/// <summary>The real samples in shared/data, found from the test's working folder up.</summary>
public static class SharedData
{
    public static string Rees46 => Find("rees46-multicat-2019oct-head", "events.csv");

    public static string Taobao => Find("taobao-userbehavior-head", "UserBehavior.csv");

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

    private static string Find(string folder, string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var root in new[] { Path.Combine(dir.FullName, "shared", "data"), Path.Combine(dir.FullName, "data", "samples") })
            {
                var candidate = Path.Combine(root, folder, file);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException($"Sample {folder}/{file} not found in shared/data above {AppContext.BaseDirectory}.");
    }
}
