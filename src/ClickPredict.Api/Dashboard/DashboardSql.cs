using ClickPredict.Storage;

namespace ClickPredict.Api.Dashboard;

/// <summary>The dashboard's embedded <c>.sql</c> files (Dashboard/Sql/*.sql), read as every other embedded SQL is.</summary>
internal static class DashboardSql
{
    public static string Read(string file) => DuckDb.Sql("Dashboard/Sql/" + file, typeof(DashboardSql).Assembly);
}
