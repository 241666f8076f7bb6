using System.Globalization;
using ClickPredict.Storage;
using static ClickPredict.Tests.Sessions.SessionLake;

namespace ClickPredict.Tests.Sessions;

public class SessionRulesTests
{
    /// <summary>The key of a gap-derived session: user, '/g', its first event's time in epoch microseconds.</summary>
    private static string GapKey(string user, string time) =>
        $"{user}/g{(DateTime.Parse(time, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal) - DateTime.UnixEpoch).Ticks / 10}";

    [Fact]
    public void A_gap_just_under_the_threshold_continues_the_session_and_exactly_at_or_over_it_starts_a_new_one()
    {
        using var lake = new SessionLake();
        lake.Ingest(
            Event("2024-03-01 10:00:00.000", "u1", item: "a"),
            Event("2024-03-01 10:29:59.999", "u1", item: "b"),   // 29:59.999 later: same session
            Event("2024-03-01 10:59:59.999", "u1", item: "c"),   // exactly 30:00 later: new session
            Event("2024-03-01 11:30:00.000", "u1", item: "d"));  // 30:00.001 later: new session

        var result = lake.Sessionize();

        Assert.Equal(
            [GapKey("u1", "2024-03-01 10:00:00"), GapKey("u1", "2024-03-01 10:59:59.999"), GapKey("u1", "2024-03-01 11:30:00")],
            lake.Sessions<string>("session_key"));
        Assert.Equal(["a1", "b2", "c1", "d1"], lake.Events<string>("item_id || event_index"));
        Assert.Equal([1799.999, 0, 0], lake.Sessions<double>("duration_seconds"));
        Assert.Equal((4, 3, 3), (result.Counts.Events, result.Counts.Sessions, result.Counts.GapSessions));
    }

    [Fact]
    public void Events_tied_in_time_are_ordered_by_type_then_item_then_price_with_nulls_first()
    {
        using var lake = new SessionLake();
        const string t = "2024-03-01 10:00:00";
        lake.Ingest(
            Event(t, "u1", "s1", "purchase", "i9", 9),
            Event(t, "u1", "s1", "view", "i2", 1),
            Event(t, "u1", "s1", "remove_from_cart", "i1", 2),
            Event(t, "u1", "s1", "cart", "i1", 2),
            Event(t, "u1", "s1", "view", "i1", 3),
            Event(t, "u1", "s1", "view", "i1", null),
            Event("2024-03-01 09:59:59", "u1", "s1", "purchase", "i0", 5));

        lake.Sessionize();

        Assert.Equal(
            ["1 purchase i0 5.0", "2 view i1 NULL", "3 view i1 3.0", "4 view i2 1.0", "5 cart i1 2.0", "6 remove_from_cart i1 2.0", "7 purchase i9 9.0"],
            lake.Events<string>("concat_ws(' ', event_index, event_type, item_id, coalesce(CAST(price AS VARCHAR), 'NULL'))"));
        Assert.Equal([1], lake.Sessions<int>("first_purchase_index"));
        Assert.Equal([2L], lake.Sessions<long>("n_purchases"));
    }

    [Fact]
    public void Events_tied_in_time_type_item_and_price_are_ordered_by_category_then_brand_with_nulls_first_and_items_by_utf8_bytes()
    {
        using var lake = new SessionLake();
        const string t = "2024-03-01 10:00:00";
        // U+E000 comes before U+1F600 in UTF-8, after its surrogates in UTF-16.
        lake.Ingest(
            Event(t, "u1", "s1", item: "\U0001F600"),
            Event(t, "u1", "s1", item: "\uE000"),
            Event(t, "u1", "s1", item: "i1", category: "c2", brand: "b1"),
            Event(t, "u1", "s1", item: "i1", category: "c1", brand: "b2"),
            Event(t, "u1", "s1", item: "i1", category: null, brand: "b1"),
            Event(t, "u1", "s1", item: "i1", category: "c1", brand: null),
            Event(t, "u1", "s1", item: "i1", category: "c1", brand: "b1"));

        lake.Sessionize();

        const string row = "concat_ws(' ', event_index, item_id, coalesce(category, 'NULL'), coalesce(brand, 'NULL'))";
        Assert.Equal(
            ["1 i1 NULL b1", "2 i1 c1 NULL", "3 i1 c1 b1", "4 i1 c1 b2", "5 i1 c2 b1", "6 \uE000 c1 b1", "7 \U0001F600 c1 b1"],
            lake.Events<string>(row));
        Assert.Equal(
            lake.Events<string>(row, orderBy: "item_id, price NULLS FIRST, category NULLS FIRST, brand NULLS FIRST"),
            lake.Events<string>(row));
    }

    [Fact]
    public void Input_out_of_order_and_spread_over_files_gives_the_same_silver_as_sorted_input()
    {
        // Seven users over ten hours across midnight, gaps from seconds to hours, a quarter without a
        // source session id, and every fifth event with twins at the same instant (a purchase, and the
        // same item with no price) so the tie order matters.
        var rows = new List<string>();
        for (var i = 0; i < 120; i++)
        {
            var user = $"u{i % 7}";
            var time = new DateTime(2024, 3, 1, 22, 0, 0).AddMinutes(i * 13 % 600).AddSeconds(i % 3 == 0 ? 0 : i % 50)
                .ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            var type = (i % 11) switch { 0 => "purchase", 1 or 2 => "cart", 3 => "remove_from_cart", _ => "view" };
            var session = i % 4 == 0 ? null : $"s{i % 5}";
            rows.Add(Event(time, user, session, type, $"i{i % 9}", i % 4));
            if (i % 5 == 0)
            {
                rows.Add(Event(time, user, session, "purchase", $"i{i % 9}", 7));
                rows.Add(Event(time, user, session, type, $"i{i % 9}", null));
            }
        }

        rows = [.. rows.Distinct()];
        using var sorted = new SessionLake();
        sorted.Ingest(rows.Order(StringComparer.Ordinal));
        var random = new Random(42);
        var shuffled = rows.OrderBy(_ => random.Next()).ToList();
        using var scattered = new SessionLake();
        scattered.Ingest(shuffled.Take(40)).Ingest(shuffled.Skip(40).Take(40)).Ingest(shuffled.Skip(80));

        sorted.Sessionize();
        scattered.Sessionize();

        var expected = sorted.AllRows(sorted.Silver.SessionEventsPaths(sorted.Lake));
        Assert.Equal(rows.Count, expected.Count);
        Assert.True(sorted.Silver.Counts.GapSessions > 0 && sorted.Silver.Counts.SourceIdSessions > 0);
        Assert.Equal(expected, scattered.AllRows(scattered.Silver.SessionEventsPaths(scattered.Lake)));
        Assert.Equal(sorted.AllRows(sorted.Silver.SessionsPaths(sorted.Lake)), scattered.AllRows(scattered.Silver.SessionsPaths(scattered.Lake)));
        // Each file is in silver's order (the sessions that ended long before the last day are in a file of their own).
        var written = scattered.Silver.SessionEventsPaths(scattered.Lake)
            .Select(f => scattered.Events<string>("session_key || '#' || lpad(CAST(event_index AS VARCHAR), 4, '0')", files: [f]))
            .ToList();
        Assert.All(written, w => Assert.Equal(w.Order(StringComparer.Ordinal), w));
        Assert.Equal(scattered.Silver.Counts.Sessions, written.Sum(w => w.Count(k => k.EndsWith("#0001", StringComparison.Ordinal))));
    }

    [Fact]
    public void Silver_keeps_the_order_DuckDB_gives_the_keys_of_users_that_prefix_others_and_of_ids_past_the_basic_plane()
    {
        using var lake = new SessionLake();
        const string t = "2024-03-01 10:00:00";
        // "a" prefixes users whose next character sorts before '/'; U+E000 comes before U+1F600 in UTF-8,
        // after its surrogates in UTF-16.
        lake.Ingest(
            Event(t, "a", "z"), Event(t, "a", "\uE000x"), Event(t, "a", "\U0001F600"), Event(t, "a", "Z"), Event(t, "a"),
            Event(t, "a-b", "s1"), Event(t, "a b", "s1"), Event(t, "a.b"), Event(t, "ab", "s1"));

        lake.Sessionize();

        var keys = lake.Sessions<string>("session_key");
        Assert.Equal(9, keys.Count);
        Assert.Equal(lake.Sessions<string>("session_key", "true ORDER BY session_key"), keys);
        Assert.Equal(keys, lake.Events<string>("session_key"));
        Assert.Equal(["a b/s1", "a-b/s1"], keys[..2]);
        Assert.Equal(["a/Z", "a/g1709287200000000", "a/z", "a/\uE000x", "a/\U0001F600", "ab/s1"], keys[^6..]);
    }

    [Fact]
    public void A_user_id_containing_a_slash_keeps_its_sessions_whole_after_the_user_it_extends()
    {
        using var lake = new SessionLake();
        lake.Ingest(
            Event("2024-03-01 10:00:00", "a", "z"), Event("2024-03-01 10:05:00", "a/b", "s1"), Event("2024-03-01 10:01:00", "a", "z"),
            Event("2024-03-01 10:06:00", "a/b", "s1", "purchase"), Event("2024-03-01 10:02:00", "a", "Z"));

        lake.Sessionize();

        // By user first ("a/" before "a/b/"), so "a/b/s1" follows "a/z" although its key sorts before it.
        Assert.Equal(["a/Z 1", "a/z 1", "a/z 2", "a/b/s1 1", "a/b/s1 2"], lake.Events<string>("concat_ws(' ', session_key, event_index)"));
        Assert.Equal(["a/Z", "a/z", "a/b/s1"], lake.Sessions<string>("session_key"));
    }

    [Fact]
    public void A_missing_price_category_brand_or_session_id_stays_null_in_silver_not_empty()
    {
        using var lake = new SessionLake();
        lake.Ingest(
            Event("2024-03-01 10:00:00", "u1", price: null, category: null, brand: null),
            Event("2024-03-01 10:01:00", "u1"));

        lake.Sessionize();

        Assert.Equal(
            ["null null null null", "1.0 c1 b1 null"],
            lake.Events<string>("coalesce(CAST(price AS VARCHAR), 'null') || ' ' || coalesce(category, 'null') || ' ' || coalesce(brand, 'null') || ' ' || coalesce(session_id, 'null')"));
        Assert.Equal(["null"], lake.Sessions<string>("coalesce(source_session_id, 'null')"));
    }

    [Fact]
    public void A_single_event_is_a_session_of_its_own()
    {
        using var lake = new SessionLake();
        lake.Ingest(Event("2024-03-01 10:00:00", "u1"), Event("2024-03-01 12:00:00", "u1", type: "purchase", item: "i7", price: 20));

        var result = lake.Sessionize();

        Assert.Equal(2, result.Counts.SingleEventSessions);
        Assert.Equal(["1 1 0.0 false", "1 1 0.0 true"], lake.Sessions<string>("concat_ws(' ', n_events, n_views + n_purchases, duration_seconds, converted)"));
        Assert.Equal([1, 1], lake.Events<int>("event_index"));
        Assert.Equal([new DateTime(2024, 3, 1, 12, 0, 0)], lake.Sessions<DateTime>("first_purchase_time", "converted"));
    }

    [Fact]
    public void A_session_crossing_midnight_stays_one_session_although_bronze_splits_it_by_date()
    {
        using var lake = new SessionLake();
        lake.Ingest(
            Event("2024-03-01 23:50:00", "u1"),
            Event("2024-03-02 00:10:00", "u1"),
            Event("2024-03-01 23:59:59", "u2", "s9"),
            Event("2024-03-02 00:00:01", "u2", "s9", "purchase"));

        lake.Sessionize();

        Assert.Equal(2, IngestManifest.Load(lake.Lake).BronzeFiles(lake.Lake).Select(Path.GetDirectoryName).Distinct().Count());
        Assert.Equal([$"{GapKey("u1", "2024-03-01 23:50:00")} 2 1200.0", "u2/s9 2 2.0"], lake.Sessions<string>("concat_ws(' ', session_key, n_events, duration_seconds)"));
        Assert.Equal([1, 2, 1, 2], lake.Events<int>("event_index"));
    }

    [Fact]
    public void Interleaved_users_are_sessionized_each_on_their_own_timeline()
    {
        using var lake = new SessionLake();
        // u1 and u2 alternate every 10 minutes: each user's own gap is 20 minutes, so each has one session.
        var rows = Enumerable.Range(0, 12).Select(i =>
            Event(new DateTime(2024, 3, 1, 10, 0, 0).AddMinutes(10 * i).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), i % 2 == 0 ? "u1" : "u2", item: $"i{i}"));
        // u3's events are 40 minutes apart with u4's in between: u4 does not keep u3's session open.
        lake.Ingest([.. rows, Event("2024-03-01 10:00:00", "u3"), Event("2024-03-01 10:20:00", "u4"), Event("2024-03-01 10:40:00", "u3")]);

        var result = lake.Sessionize();

        Assert.Equal(["u1 6 1", "u2 6 1", "u3 1 1", "u3 1 2", "u4 1 1"], lake.Sessions<string>("concat_ws(' ', user_id, n_events, session_number)"));
        Assert.Equal(["i0", "i2", "i4", "i6", "i8", "i10"], lake.Events<string>("item_id", "user_id = 'u1'"));
        Assert.Equal(4, result.Counts.Users);
    }

    [Fact]
    public void Source_session_ids_are_kept_per_user_and_events_without_one_are_split_by_the_gap()
    {
        using var lake = new SessionLake();
        lake.Ingest(
            Event("2024-03-01 08:00:00", "u1", "s1"),
            Event("2024-03-01 09:30:00", "u1", "s1"),
            Event("2024-03-01 10:00:00", "u1", "s1"),           // two hours after its start, still s1: the source said so
            Event("2024-03-01 10:05:00", "u2", "s1"),           // the same source id for another user is another session
            Event("2024-03-01 09:00:00", "u1"),
            Event("2024-03-01 09:10:00", "u1"),
            Event("2024-03-01 09:45:00", "u1", type: "purchase")); // 35 minutes after u1's last event without an id: s1's 09:30 does not bridge

        var result = lake.Sessionize();

        Assert.Equal(
            [$"{GapKey("u1", "2024-03-01 09:00:00")} NULL 2 2", $"{GapKey("u1", "2024-03-01 09:45:00")} NULL 1 3", "u1/s1 s1 3 1", "u2/s1 s1 1 1"],
            lake.Sessions<string>("concat_ws(' ', session_key, coalesce(source_session_id, 'NULL'), n_events, session_number)"));
        Assert.Equal((4L, 2L, 2L), (result.Counts.Sessions, result.Counts.SourceIdSessions, result.Counts.GapSessions));
        Assert.Equal(["NULL", "NULL", "NULL", "s1", "s1", "s1", "s1"], lake.Events<string>("coalesce(session_id, 'NULL')"));
    }

    [Fact]
    public void A_source_session_is_one_session_anonymous_rows_join_its_known_user_and_only_two_known_users_split_it()
    {
        using var lake = new SessionLake();
        lake.Ingest(
            Event("2024-03-01 08:00:00", "u1", "s1"),
            Event("2024-03-01 08:05:00", "", "s1", type: "cart"),          // anonymous inside u1's session
            Event("2024-03-01 08:06:00", "NA", "s1", type: "purchase"),    // NA is no user: the purchase keeps s1's label
            Event("2024-03-01 09:00:00", "", "s2"),                        // the reverse: anonymous first, then known
            Event("2024-03-01 09:01:00", "u2", "s2", type: "purchase"),
            Event("2024-03-01 10:00:00", "u3", "s3"),                      // two known users on one id: split by user
            Event("2024-03-01 10:01:00", "u4", "s3"),
            Event("2024-03-01 10:02:00", "", "s3"),
            Event("2024-03-01 11:00:00", "\\N", "s4"));                   // never known: a visitor of its own

        var result = lake.Sessionize();

        Assert.Equal(
            ["anon-s3/s3 1 false", "anon-s4/s4 1 false", "u1/s1 3 true", "u2/s2 2 true", "u3/s3 1 false", "u4/s3 1 false"],
            lake.Sessions<string>("concat_ws(' ', session_key, n_events, converted)"));
        Assert.Equal((2L, 1L), (result.Counts.ReconciledSessions, result.Counts.SplitSessionIds));
        Assert.DoesNotContain("NA", lake.Events<string>("user_id"));
    }

    [Fact]
    public void The_gap_is_configurable_and_recorded_with_silver()
    {
        using var lake = new SessionLake();
        lake.Ingest(Event("2024-03-01 10:00:00", "u1"), Event("2024-03-01 10:45:00", "u1"), Event("2024-03-01 12:00:00", "u1"));

        Assert.Equal(3, lake.Sessionize().Counts.Sessions);
        Assert.Equal(1800, lake.Silver.GapSeconds);
        Assert.Equal(2, lake.Sessionize(TimeSpan.FromMinutes(60)).Counts.Sessions);
        Assert.Equal([2L, 1L], lake.Sessions<long>("n_events"));
        Assert.Equal(2, lake.Sessionize(TimeSpan.FromMinutes(75)).Counts.Sessions);
        Assert.Equal(1, lake.Sessionize(TimeSpan.FromMinutes(76)).Counts.Sessions);
        Assert.Equal(4560, lake.Silver.GapSeconds);
    }

    [Fact]
    public void Session_rows_count_each_event_type_and_number_a_users_sessions_by_start_then_key()
    {
        using var lake = new SessionLake();
        lake.Ingest(
            Event("2024-03-01 10:00:00.250", "u1", "sB"),
            Event("2024-03-01 10:00:01", "u1", "sB", "cart"),
            Event("2024-03-01 10:00:02", "u1", "sB", "remove_from_cart"),
            Event("2024-03-01 10:00:03", "u1", "sB", "cart", item: "i2"),
            Event("2024-03-01 10:01:30.750", "u1", "sB", "purchase", item: "i2"),
            Event("2024-03-01 10:00:00.250", "u1", "sA"),
            Event("2024-03-01 09:00:00", "u1", "sZ"));

        lake.Sessionize();

        Assert.Equal(
            ["u1/sA 1 1 0 0 0 false 2", "u1/sB 5 1 2 1 1 true 3", "u1/sZ 1 1 0 0 0 false 1"],
            lake.Sessions<string>("concat_ws(' ', session_key, n_events, n_views, n_carts, n_removes, n_purchases, converted, session_number)"));
        Assert.Equal([90.5], lake.Sessions<double>("duration_seconds", "converted"));
        Assert.Equal([5], lake.Sessions<int>("first_purchase_index", "converted"));
        Assert.Equal([new DateTime(2024, 3, 1, 10, 1, 30, 750)], lake.Sessions<DateTime>("first_purchase_time", "converted"));
        Assert.Equal([true, true], lake.Sessions<bool>("first_purchase_index IS NULL AND first_purchase_time IS NULL", "NOT converted"));
    }
}
