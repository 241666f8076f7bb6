using ClickPredict.Storage;
using DuckDB.NET.Native;

namespace ClickPredict.Tests.Storage;

public sealed class NumberingThreadsTests : IDisposable
{
    // 20,000 rows span ten chunks; ids repeat, some are longer than DuckDB's 12 inline bytes, some NULL.
    private const string Sql = """
        SELECT CASE WHEN i % 11 = 0 THEN NULL WHEN i % 3 = 0 THEN 'a longer item id ' || (i % 97) ELSE 'i' || (i % 89) END AS item,
               'u' || ((i * 7919) % 1301) AS user_id
        FROM range(20000) t(i)
        ORDER BY i
        """;

    private readonly string spill = Directory.CreateTempSubdirectory("cp-numbering-").FullName;

    public void Dispose() => Directory.Delete(spill, recursive: true);

    [Fact]
    public void Each_thread_sees_every_batch_in_order_so_ids_number_as_on_one_thread()
    {
        var (items, users) = (new IdNumbers(), new IdNumbers());
        var (itemNumbers, userNumbers) = (new List<int>(), new List<int>());
        var numbering = new NumberingThreads(
            2,
            batch => itemNumbers.AddRange(batch.Values[0].Take(batch.Size).Select(v => v == DetachedText.Null ? -1 : items.Number(v, batch.Texts))),
            batch =>
            {
                // The slower thread: a batch the other has finished must not be refilled before this one reads it.
                Thread.Sleep(2);
                userNumbers.AddRange(batch.Values[1].Take(batch.Size).Select(v => users.Number(v, batch.Texts)));
            });
        Read(numbering);

        var (expectedItems, expectedUsers) = (new IdNumbers(), new IdNumbers());
        var expected = new List<(int, int)>();
        using var db = DuckDb.Open(spill);
        using (var reader = db.Query(Sql))
        {
            while (reader.Read())
            {
                expected.Add((reader.IsDBNull(0) ? -1 : expectedItems.Number(reader.GetString(0)), expectedUsers.Number(reader.GetString(1))));
            }
        }

        Assert.Equal(20_000, expected.Count);
        Assert.Equal(expected, itemNumbers.Zip(userNumbers));
        Assert.Equal(expectedItems.Names, items.Names);
        Assert.Equal(expectedUsers.Names, users.Names);
    }

    [Fact]
    public void A_numbering_thread_that_fails_stops_the_reader_with_its_own_exception()
    {
        var batches = 0;
        var numbering = new NumberingThreads(
            2,
            _ => { },
            _ =>
            {
                if (++batches == 2)
                {
                    throw new InvalidDataException("the second batch is bad");
                }
            });

        var error = Assert.Throws<InvalidDataException>(() => Read(numbering));
        Assert.Equal("the second batch is bad", error.Message);
    }

    /// <summary>Reads the query's chunks into batches and posts them, as sessionize and features do.</summary>
    private void Read(NumberingThreads numbering)
    {
        using var db = DuckDb.Open(spill);
        using var chunks = DuckDbChunks.Query(db, Sql, DuckDBType.Varchar, DuckDBType.Varchar);
        var read = 0;
        try
        {
            while (chunks.Next())
            {
                var batch = numbering.Rent(read, chunks.Size);
                var itemed = chunks.Validity(0);
                var usered = chunks.Validity(1);
                for (var row = 0; row < chunks.Size; row++)
                {
                    batch.Values[0][row] = batch.Texts.Add(chunks, 0, row, DuckDbChunks.IsValid(itemed, row));
                    batch.Values[1][row] = batch.Texts.Add(chunks, 1, row, DuckDbChunks.IsValid(usered, row));
                }

                read += chunks.Size;
                numbering.Post(batch);
            }
        }
        finally
        {
            numbering.Finish();
        }
    }
}
