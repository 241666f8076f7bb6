using ClickPredict.Api.Predictions;
using ClickPredict.Api.Serving;
using ClickPredict.Api.Tests.Support;
using ClickPredict.Events;
using ClickPredict.Features;
using ClickPredict.Registry;
using ClickPredict.Tests.Features;
using ClickPredict.Training;
using Microsoft.ML;

namespace ClickPredict.Api.Tests;

/// <summary>
/// Training/serving skew through HTTP: sessions read back from silver, posted prefix by prefix with the
/// snapshot pinned as of each session's start (as the core SkewTests do), must get the probabilities
/// the trainer's batch scoring gives the same gold rows.
/// </summary>
[Collection(ServedLakeCollection.Name)]
public class SameFeaturesAsTrainingTests(ServedLakeFixture fixture)
{
    private const int Sessions = 25;

    [Fact]
    public async Task Posted_sessions_score_as_the_trainer_scores_their_gold_rows()
    {
        var lake = fixture.Lake.Features;
        var gold = lake.Examples().Values.GroupBy(e => e.SessionKey).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Where((_, i) => i % 37 == 0).Take(Sessions).ToList();
        var events = lake.SessionEvents(gold.Select(g => g.Key));
        var host = fixture.App.Service<ModelHost>();
        var client = fixture.App.CreateClient();
        var original = host.Current!.Snapshot;
        var posted = new List<(GoldExample Example, string Alias, double Probability)>();
        try
        {
            using var db = FeatureDatabase.Open(lake.Lake, lake.Silver);
            foreach (var session in gold)
            {
                var prefix = events[session.Key];
                host.UseSnapshot(db.Snapshot(session.First().SessionStart, SnapshotScope.For(session.First().UserId, prefix)));
                foreach (var example in session)
                {
                    var request = new PredictionRequest(example.UserId, [.. prefix.Take(example.CutK).Select(Request)]);
                    foreach (var alias in ModelAliases.Names)
                    {
                        posted.Add((example, alias, (await client.Predict(request, alias)).Probability));
                    }
                }
            }
        }
        finally
        {
            host.UseSnapshot(original);
        }

        Assert.True(posted.Count >= 100, $"only {posted.Count} predictions");
        Assert.Contains(posted, p => p.Example["user_prev_sessions"] >= 1);
        Assert.Contains(posted, p => p.Example["prefix_events"] >= 5);
        foreach (var (alias, version) in new[] { (ModelAliases.Champion, 1), (ModelAliases.Challenger, 2) })
        {
            var rows = posted.Where(p => p.Alias == alias).ToList();
            var expected = BatchScores(version, [.. rows.Select(r => r.Example)]);
            var worst = rows.Select((r, i) => Math.Abs(r.Probability - expected[i])).Max();
            Assert.True(worst <= 1e-6, $"{alias}: largest difference from batch scoring {worst:E2} over {rows.Count} prefixes");
        }
    }

    private double[] BatchScores(int version, List<GoldExample> examples)
    {
        var ml = new MLContext(seed: 0);
        var table = new ExampleTable(
            FeatureCatalog.Names,
            [.. examples.SelectMany(e => e.Features.Select(v => (float)v))],
            [.. examples.Select(e => e.Label)],
            [.. examples.Select((_, i) => (long)i)],
            [.. examples.Select((_, i) => i)]);
        return RegisteredModel.Load(ml, fixture.Lake.Registry, ServedLake.ModelName, version).Score(table);
    }

    private static SessionEventRequest Request(SessionEvent e) =>
        new(new DateTimeOffset(e.Time, TimeSpan.Zero), CanonicalEventTypes.Name(e.Type), e.ItemId, e.Category, e.Brand, e.Price);
}
