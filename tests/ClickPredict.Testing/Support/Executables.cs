namespace ClickPredict.Tests.Support;

/// <summary>Finds the programs some tests drive (Chromium, docker-compose) the way a shell would: on PATH.</summary>
internal static class Executables
{
    /// <summary>The first of <paramref name="names"/> found on PATH (or given as an absolute path), or null.</summary>
    public static string? Find(params string[] names)
    {
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in names)
        {
            if (Path.IsPathRooted(name))
            {
                if (File.Exists(name))
                {
                    return name;
                }

                continue;
            }

            foreach (var folder in folders)
            {
                var candidate = Path.Combine(folder, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
