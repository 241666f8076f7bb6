using ClickPredict.Storage;

namespace ClickPredict.Tests.Support;

/// <summary>Reads what a lake holds, through DuckDB, the way downstream stages do: via the manifest.</summary>
internal static class LakeReader
{
    public static long BronzeCount(Lake lake, string where = "true") => Scalar(lake, IngestManifest.Load(lake).BronzeFiles(lake), $"count(*)", where);

    public static long QuarantineCount(Lake lake, string where = "true") => Scalar(lake, IngestManifest.Load(lake).QuarantineFiles(lake), "count(*)", where);

    public static List<T> Column<T>(Lake lake, IReadOnlyList<string> files, string expression, string where = "true", string orderBy = "1")
    {
        var values = new List<T>();
        if (files.Count == 0)
        {
            return values;
        }

        using var db = DuckDb.Open(lake.Spill);
        using var reader = db.Query($"SELECT {expression} FROM read_parquet([{string.Join(", ", files.Select(DuckDb.Literal))}]) WHERE {where} ORDER BY {orderBy}");
        while (reader.Read())
        {
            values.Add(reader.IsDBNull(0) ? default! : (T)reader.GetValue(0));
        }

        return values;
    }

    public static long Scalar(Lake lake, IReadOnlyList<string> files, string expression, string where = "true") =>
        files.Count == 0 ? 0 : Column<long>(lake, files, expression, where).Single();

    /// <summary>Every file under the lake with its bytes' hash: "exactly as it was" compares these.</summary>
    public static Dictionary<string, string> Snapshot(Lake lake) =>
        Directory.Exists(lake.Root)
            ? Directory.EnumerateFiles(lake.Root, "*", SearchOption.AllDirectories)
                .Where(f => !f.StartsWith(lake.Spill, StringComparison.Ordinal) && !f.EndsWith(".lock", StringComparison.Ordinal))
                .ToDictionary(f => lake.Relative(f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))))
            : [];
}
