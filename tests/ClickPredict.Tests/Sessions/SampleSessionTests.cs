using ClickPredict.Events;
using ClickPredict.Sessions;
using ClickPredict.Storage;

namespace ClickPredict.Tests.Sessions;

/// <summary>The shared real samples, sessionized, against counts computed in C# straight from the CSV.</summary>
public class SampleSessionTests
{
    private static SessionsManifest Sessionize(TempFolder temp, string preset, string sample)
    {
        var lake = new Lake(temp.Combine("lake"));
        new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load(preset), sample);
        return new Sessionizer(lake, new SessionizeOptions()).Run().Silver;
    }

    [Fact]
    public void Rees46_sessions_are_its_user_session_ids_taken_per_user()
    {
        // Columns: event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session
        var rows = File.ReadLines(SharedData.Rees46).Skip(1).Select(line => line.Split(',')).ToList();
        var sessions = rows.Select(r => (User: r[7], Session: r[8])).Distinct().ToList();
        var converted = rows.Where(r => r[1] == "purchase").Select(r => (r[7], r[8])).Distinct().Count();
        // SOURCE.md counts 5,066 user_session values; one of them (2759bd71-…) is used by two users.
        Assert.Equal(5_066, sessions.Select(s => s.Session).Distinct().Count());
        Assert.Equal(5_067, sessions.Count);
        Assert.Equal(200, converted);
        using var temp = new TempFolder();

        var silver = Sessionize(temp, "rees46", SharedData.Rees46);

        Assert.Equal(sessions.Count, silver.Counts.Sessions);
        Assert.Equal(sessions.Count, silver.Counts.SourceIdSessions);
        Assert.Equal(0, silver.Counts.GapSessions);
        Assert.Equal(converted, silver.Counts.ConvertedSessions);
        Assert.Equal(17_429, silver.Counts.Events);
        var lake = new Lake(temp.Combine("lake"));
        Assert.Equal(["555463292", "555463297"], LakeReader.Column<string>(lake, silver.SessionsPaths(lake), "user_id", "source_session_id = '2759bd71-1333-4348-816d-c02912f6ebd4'"));
    }

    [Fact]
    [Trait("Category", SharedData.ExternalData)]
    public void Taobao_sessions_at_a_30_minute_gap_match_an_independent_count_where_exactly_30_minutes_splits()
    {
        // Columns (no header): user_id,item_id,category_id,behavior_type,timestamp (epoch seconds)
        var byUser = File.ReadLines(SharedData.Taobao).Select(line => line.Split(','))
            .GroupBy(r => r[0])
            .Select(g => g.Select(r => (Time: long.Parse(r[4], System.Globalization.CultureInfo.InvariantCulture), Buy: r[3] == "buy")).OrderBy(e => e.Time).ToList())
            .ToList();
        var atLeast = CountSessions(byUser, gap => gap >= 1800);
        // SOURCE.md's 14,096 splits only on gaps longer than 30 minutes; two gaps in the file are exactly 1,800 s.
        Assert.Equal(14_096, CountSessions(byUser, gap => gap > 1800).Sessions);
        Assert.Equal((14_098, 1_344), atLeast);
        using var temp = new TempFolder();

        var silver = Sessionize(temp, "taobao", SharedData.Taobao);

        Assert.Equal(atLeast, (silver.Counts.Sessions, silver.Counts.ConvertedSessions));
        Assert.Equal(silver.Counts.Sessions, silver.Counts.GapSessions);
        Assert.Equal(84_287, silver.Counts.Events);
        Assert.Equal(814, silver.Counts.Users);
    }

    private static (long Sessions, long Converted) CountSessions(List<List<(long Time, bool Buy)>> byUser, Func<long, bool> splits)
    {
        long sessions = 0, converted = 0;
        foreach (var events in byUser)
        {
            var buys = false;
            for (var i = 0; i < events.Count; i++)
            {
                if (i > 0 && splits(events[i].Time - events[i - 1].Time))
                {
                    sessions++;
                    converted += buys ? 1 : 0;
                    buys = false;
                }

                buys |= events[i].Buy;
            }

            sessions++;
            converted += buys ? 1 : 0;
        }

        return (sessions, converted);
    }
}
