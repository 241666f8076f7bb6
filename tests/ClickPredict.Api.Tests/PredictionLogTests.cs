using ClickPredict.Api.Predictions;
using ClickPredict.Api.Tests.Support;
using ClickPredict.Storage;

namespace ClickPredict.Api.Tests;

[Collection(ServedLakeCollection.Name)]
public class PredictionLogTests(ServedLakeFixture fixture)
{
    [Fact]
    public async Task Every_scored_session_lands_in_a_finished_parquet_file_with_features_score_decision_and_version()
    {
        var client = fixture.App.CreateClient();
        var user = "log-" + Guid.NewGuid().ToString("N")[..8];
        var answer = await client.Predict(Requests.Browsing(user, events: 4));
        var challenger = await client.Predict(Requests.Browsing(user, events: 3), alias: "challenger");

        var rows = await WaitForRows(fixture.Lake.PredictionLog, user, 2);

        var champion = rows.Single(r => r.Version == 1);
        Assert.Equal((answer.Probability, answer.Decision == PredictionResponse.Purchase, "champion", 4.0), (champion.Probability, champion.Purchase, champion.Alias, champion.PrefixEvents));
        Assert.Equal((challenger.Probability, 2, 3.0), rows.Single(r => r.Alias == "challenger") is var c ? (c.Probability, c.Version, c.PrefixEvents) : default);
        Assert.All(Directory.GetFiles(fixture.Lake.PredictionLog, "*.parquet"), f => Assert.Matches(@"predictions-\d{8}T\d{6}Z-[0-9a-f]{8}\.parquet$", f));

        // The footer's statistics are the values' own (DuckDB prunes and sorts by them): not 1970.
        using var db = DuckDb.Open(Path.Combine(fixture.Lake.PredictionLog, ".spill"));
        var files = Directory.GetFiles(fixture.Lake.PredictionLog, "*.parquet").ToList();
        Assert.Equal(0, db.Scalar<long>(
            "SELECT count(*) FROM parquet_metadata($files) WHERE path_in_schema IN ('logged_at', 'last_event_time') AND stats_min < '2000-01-01'", ("files", files)));
        Assert.Equal(
            db.Scalar<DateTime>("SELECT max(logged_at) FROM read_parquet($files)", ("files", files)),
            db.Scalar<DateTime>("SELECT logged_at FROM read_parquet($files) ORDER BY logged_at DESC LIMIT 1", ("files", files)));
    }

    [Fact]
    public async Task When_the_log_cannot_be_written_rows_are_dropped_and_counted_and_answers_keep_coming()
    {
        var blocker = Path.Combine(fixture.Lake.Features.Folder, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "a file where the log folder should be");
        using var app = fixture.With(("PredictionLog:Folder", Path.Combine(blocker, "predictions")));
        var client = app.CreateClient();
        await client.Predict(Requests.Browsing());
        // The first write fails (a file stands where the folder should be): the log stops and counts the row it held.
        Assert.Equal(1, await Dropped(client, atLeast: 1));

        for (var i = 0; i < 5; i++)
        {
            await client.Predict(Requests.Browsing());
        }

        Assert.Equal(6, await Dropped(client, atLeast: 6));
    }

    /// <summary>The dropped-rows counter once it reaches <paramref name="atLeast"/> (or after 20 s).</summary>
    private static async Task<double> Dropped(HttpClient client, double atLeast)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var dropped = (await Scrape.From(client)).Value("clickpredict_prediction_log_dropped_total");
            if (dropped >= atLeast || DateTime.UtcNow > deadline)
            {
                return dropped;
            }

            await Task.Delay(100);
        }
    }

    private static async Task<List<(double Probability, bool Purchase, int Version, string Alias, double PrefixEvents)>> WaitForRows(string folder, string user, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var rows = new List<(double, bool, int, string, double)>();
            // The writer creates the folder with its first file; until then there is nothing to read.
            if (Directory.Exists(folder) && Directory.GetFiles(folder, "*.parquet").Length > 0)
            {
                using var db = DuckDb.Open(Path.Combine(folder, ".spill"));
                using var reader = db.Query(
                    "SELECT probability, purchase, model_version, model_alias, prefix_events FROM read_parquet($files) WHERE user_id = $user",
                    ("files", Directory.GetFiles(folder, "*.parquet").ToList()), ("user", user));
                while (reader.Read())
                {
                    rows.Add((reader.GetDouble(0), reader.GetBoolean(1), reader.GetInt32(2), reader.GetString(3), reader.GetDouble(4)));
                }
            }

            if (rows.Count >= count || DateTime.UtcNow > deadline)
            {
                Assert.Equal(count, rows.Count);
                return rows;
            }

            await Task.Delay(250);
        }
    }
}
