using Parquet;

namespace ClickPredict.Tests.Generation;

internal static class ParquetRows
{
    public static List<CsvRow> Read(string path) => ReadAsync(path).GetAwaiter().GetResult();

    private static async Task<List<CsvRow>> ReadAsync(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        Assert.Equal(
            ["event_time", "user_id", "session_id", "event_type", "item_id", "category", "brand", "price"],
            reader.Schema.DataFields.Select(f => f.Name));
        var fields = reader.Schema.DataFields;
        var rows = new List<CsvRow>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var n = (int)group.RowCount;
            var times = new DateTime[n];
            await group.ReadAsync<DateTime>(fields[0], times);
            var strings = new string[6][];
            for (var c = 1; c <= 6; c++)
            {
                strings[c - 1] = new string[n];
                await group.ReadAsync(fields[c], strings[c - 1]);
            }

            var prices = new double?[n];
            await group.ReadAsync<double>(fields[7], prices);
            for (var i = 0; i < n; i++)
            {
                Assert.Equal(DateTimeKind.Utc, times[i].Kind);
                rows.Add(new CsvRow(
                    times[i], strings[0][i], strings[1][i], strings[2][i], strings[3][i], strings[4][i], strings[5][i],
                    prices[i] ?? double.NaN));
            }
        }

        return rows;
    }
}
