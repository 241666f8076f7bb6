using ClickPredict.Features;
using ClickPredict.Storage;

namespace ClickPredict.Tests.Features;

public sealed class ExamplesWriterTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("cp-examples-writer-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static double Value(int row, int feature) => (row * 1_000.0) + feature + 0.25;

    private string Write(string name, int rows, ExamplesWriter.Buffers buffers)
    {
        var file = Path.Combine(folder, name);
        using var stream = File.Create(file);
        using var writer = new ExamplesWriter(stream, new Dictionary<string, string>(), buffers);
        var values = new double[FeatureCatalog.Count];
        for (var row = 0; row < rows; row++)
        {
            for (var f = 0; f < values.Length; f++)
            {
                values[f] = Value(row, f);
            }

            writer.Add($"u{row / 3}/s{row / 3}".AsMemory(), (row % 3) + 1, $"u{row / 3}", 1_700_000_000_000_000 + row, 1_700_000_000_000_000 + row + 7, row % 5 == 0, values);
        }

        return file;
    }

    [Fact]
    public void Writers_sharing_buffers_write_every_feature_of_every_row_in_its_column()
    {
        var buffers = new ExamplesWriter.Buffers();
        // Two full row groups and a part (encoded on the second thread, then at disposal), then a small
        // file on the buffers the first one grew and filled.
        var large = Write("large.parquet", (2 * ExamplesWriter.RowGroupRows) + 1_000, buffers);
        var small = Write("small.parquet", 10, buffers);

        using var db = DuckDb.Open(Path.Combine(folder, "spill"));
        foreach (var (file, rows) in new[] { (large, (2 * ExamplesWriter.RowGroupRows) + 1_000), (small, 10) })
        {
            var wrong = string.Join(" + ", FeatureCatalog.Names.Select((name, f) =>
                $"count(*) FILTER (WHERE {DuckDb.Identifier(name)} <> (row_number * 1000.0) + {f} + 0.25)"));
            using var reader = db.Query(
                $"SELECT count(*), {wrong}, count(*) FILTER (WHERE cut_k <> (row_number % 3) + 1 OR label <> (row_number % 5 = 0) OR session_key <> 'u' || (row_number // 3) || '/s' || (row_number // 3)) " +
                $"FROM (SELECT *, file_row_number AS row_number FROM read_parquet({DuckDb.Literal(file)}, file_row_number = true))");
            reader.Read();
            Assert.Equal(rows, reader.GetInt64(0));
            Assert.Equal(0, reader.GetInt64(1));
            Assert.Equal(0, reader.GetInt64(2));
        }
    }

    [Fact]
    public void A_feature_that_is_not_finite_stops_the_write_naming_the_feature_and_session()
    {
        var values = new double[FeatureCatalog.Count];
        values[5] = double.NaN;
        using var stream = new MemoryStream();
        var writer = new ExamplesWriter(stream, new Dictionary<string, string>());
        writer.Add("u1/s1".AsMemory(), 1, "u1", 0, 0, false, new double[FeatureCatalog.Count]);
        writer.Add("u1/s1".AsMemory(), 2, "u1", 0, 0, false, values);

        var error = Assert.Throws<FeaturesException>(writer.Dispose);

        Assert.Contains(FeatureCatalog.Names[5], error.Message, StringComparison.Ordinal);
        Assert.Contains("u1/s1 at cut 2", error.Message, StringComparison.Ordinal);
    }
}
