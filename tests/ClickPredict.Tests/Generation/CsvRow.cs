using System.Globalization;

namespace ClickPredict.Tests.Generation;

/// <summary>One parsed line of a generated events.csv.</summary>
public sealed record CsvRow(
    DateTime EventTime, string UserId, string SessionId, string EventType, string ItemId, string Category, string? Brand, double Price)
{
    public static CsvRow Parse(string line)
    {
        var f = line.Split(',');
        Assert.Equal(8, f.Length);
        return new CsvRow(
            DateTime.SpecifyKind(DateTime.ParseExact(f[0], "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture), DateTimeKind.Utc),
            f[1], f[2], f[3], f[4], f[5], f[6].Length == 0 ? null : f[6], double.Parse(f[7], CultureInfo.InvariantCulture));
    }

    /// <summary>Rows of a file after its header, which must be exactly the canonical one.</summary>
    public static List<CsvRow> ReadAll(string path)
    {
        using var reader = new StreamReader(path);
        Assert.Equal("event_time,user_id,session_id,event_type,item_id,category,brand,price", reader.ReadLine());
        var rows = new List<CsvRow>();
        while (reader.ReadLine() is { } line)
        {
            rows.Add(Parse(line));
        }

        return rows;
    }
}
