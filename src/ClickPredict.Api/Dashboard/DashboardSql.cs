using System.Reflection;

namespace ClickPredict.Api.Dashboard;

/// <summary>The dashboard's embedded <c>.sql</c> files (Dashboard/Sql/*.sql).</summary>
internal static class DashboardSql
{
    public static string Read(string file)
    {
        var name = $"ClickPredict.Api.Dashboard.Sql.{file}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded SQL {name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
