using ClickPredict.Storage;
using DuckDB.NET.Native;

namespace ClickPredict.Tests.Storage;

public sealed class DuckDbChunksTests : IDisposable
{
    private readonly string spill = Directory.CreateTempSubdirectory("cp-chunks-").FullName;

    public void Dispose() => Directory.Delete(spill, recursive: true);

    [Fact]
    public void Every_row_of_every_chunk_reads_as_the_data_reader_reads_it()
    {
        // 5,000 rows span three chunks; strings up to 12 bytes are stored inline, longer ones by pointer
        // (here 11, 12 and 13 bytes, and longer with a two-byte character); a constant column arrives flat.
        const string Sql = """
            SELECT CAST(i AS INTEGER) AS n, i * 1000000007 AS big, CAST(7 AS INTEGER) AS constant,
                   CASE WHEN i % 7 = 0 THEN NULL ELSE i / 4.0 END AS x,
                   CASE WHEN i % 5 = 0 THEN NULL WHEN i % 2 = 0 THEN 'k' || lpad(CAST(i AS VARCHAR), 10 + CAST(i % 3 AS INTEGER), '0') ELSE 'a longer value, é ' || i END AS s
            FROM range(5000) t(i)
            ORDER BY i
            """;
        using var db = DuckDb.Open(spill);
        var expected = new List<(int, long, double?, string?)>();
        using (var reader = db.Query(Sql))
        {
            while (reader.Read())
            {
                expected.Add((reader.GetInt32(0), reader.GetInt64(1) + reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetDouble(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
            }
        }

        var read = new List<(int, long, double?, string?)>();
        var chunkCount = 0;
        using (var chunks = DuckDbChunks.Query(db, Sql, DuckDBType.Integer, DuckDBType.BigInt, DuckDBType.Integer, DuckDBType.Double, DuckDBType.Varchar))
        {
            while (chunks.Next())
            {
                chunkCount++;
                var xs = chunks.Doubles(3);
                var xValid = chunks.Validity(3);
                var sValid = chunks.Validity(4);
                for (var row = 0; row < chunks.Size; row++)
                {
                    read.Add((
                        chunks.Int32s(0)[row],
                        chunks.Int64s(1)[row] + chunks.Int32s(2)[row],
                        DuckDbChunks.IsValid(xValid, row) ? xs[row] : null,
                        DuckDbChunks.IsValid(sValid, row) ? chunks.String(4, row) : null));
                }
            }
        }

        Assert.Equal(5_000, expected.Count);
        Assert.True(chunkCount >= 3, $"{chunkCount} chunk(s)");
        Assert.Equal(expected, read);
    }

    [Fact]
    public void Short_strings_have_one_inline_value_in_every_chunk_and_longer_ones_none()
    {
        // 'twelve bytes' is 12 bytes and inline; 'thirteen byte' is 13 and held by pointer, which a
        // later chunk may reuse for another string, so it must never serve as a key.
        using var db = DuckDb.Open(spill);
        using var chunks = DuckDbChunks.Query(
            db, "SELECT CASE WHEN i % 2 = 0 THEN 'twelve bytes' ELSE 'thirteen byte' END AS s FROM range(6000) t(i) ORDER BY i", DuckDBType.Varchar);
        var inline = new HashSet<UInt128>();
        var (inlined, notInlined) = (0, 0);
        while (chunks.Next())
        {
            for (var row = 0; row < chunks.Size; row++)
            {
                if (chunks.TryInline(0, row, out var value))
                {
                    Assert.Equal("twelve bytes", chunks.String(0, row));
                    inline.Add(value);
                    inlined++;
                }
                else
                {
                    Assert.Equal("thirteen byte", chunks.String(0, row));
                    notInlined++;
                }
            }
        }

        Assert.Equal((3_000, 3_000), (inlined, notInlined));
        Assert.Single(inline);
    }

    [Fact]
    public void Values_detached_from_their_chunks_number_as_their_text_after_the_chunks_are_gone()
    {
        // Inline (up to 12 bytes), longer by pointer (whose memory a later chunk reuses), NULL; repeats
        // so a value's second sighting goes through the number already given.
        const string Sql = """
            SELECT CASE WHEN i % 5 = 0 THEN NULL WHEN i % 2 = 0 THEN 'k' || CAST(i % 97 AS VARCHAR)
                        ELSE 'a longer value, é ' || CAST(i % 89 AS VARCHAR) END AS s
            FROM range(5000) t(i)
            ORDER BY i
            """;
        using var db = DuckDb.Open(spill);
        var expected = new List<string?>();
        using (var reader = db.Query(Sql))
        {
            while (reader.Read())
            {
                expected.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
            }
        }

        var detached = new List<(UInt128 Value, DetachedText Texts)>();
        using (var chunks = DuckDbChunks.Query(db, Sql, DuckDBType.Varchar))
        {
            while (chunks.Next())
            {
                var texts = new DetachedText();
                var valid = chunks.Validity(0);
                for (var row = 0; row < chunks.Size; row++)
                {
                    detached.Add((texts.Add(chunks, 0, row, DuckDbChunks.IsValid(valid, row)), texts));
                }
            }
        }

        var numbers = new IdNumbers();
        var read = detached.Select(d => d.Value == DetachedText.Null ? null : numbers.Names[numbers.Number(d.Value, d.Texts)]).ToList();

        Assert.Equal(5_000, expected.Count);
        Assert.Equal(expected, read);
        Assert.Equal(97 + 89, numbers.Names.Count);
    }

    [Fact]
    public void A_column_of_another_type_than_expected_fails_before_any_row()
    {
        using var db = DuckDb.Open(spill);

        var error = Assert.Throws<InvalidOperationException>(() => DuckDbChunks.Query(db, "SELECT CAST(1.5 AS DOUBLE) AS x, 'a' AS s", DuckDBType.Double, DuckDBType.BigInt));

        Assert.Contains("Column 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_query_throws_invalid_data_with_duckdbs_message()
    {
        using var db = DuckDb.Open(spill);
        var missing = Path.Combine(spill, "missing.parquet");

        var error = Assert.Throws<InvalidDataException>(() =>
        {
            using var chunks = DuckDbChunks.Query(db, $"SELECT * FROM read_parquet({DuckDb.Literal(missing)})");
            while (chunks.Next())
            {
            }
        });

        Assert.Contains("missing.parquet", error.Message, StringComparison.Ordinal);
    }
}
