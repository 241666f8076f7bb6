using System.Net;
using System.Text;
using ClickPredict.Api.Tests.Support;

namespace ClickPredict.Api.Tests;

/// <summary>Every class of bad input gets a 400 or 413 ProblemDetails naming the field and the problem: never a 500, never a stack trace.</summary>
[Collection(ServedLakeCollection.Name)]
public class BadInputTests(ServedLakeFixture fixture)
{
    private const string Predictions = "/v1/predictions";
    private const string Batch = "/v1/predictions/batch";
    private readonly HttpClient client = fixture.App.CreateClient();

    private static string Event(string time = "2024-01-05T10:00:00Z", string type = "\"view\"", string item = "\"i0000001\"", string price = "12.5") =>
        $$"""{ "time": "{{time}}", "type": {{type}}, "itemId": {{item}}, "price": {{price}} }""";

    private static string Session(params string[] events) => $$"""{ "userId": "u000001", "events": [ {{string.Join(", ", events)}} ] }""";

    [Fact]
    public async Task Malformed_json_names_where_it_broke()
    {
        var problem = await client.PostRaw(Predictions, """{ "userId": "u1", "events": [ { "time": """, HttpStatusCode.BadRequest);

        Assert.Contains("Events[0].Time", problem.GetProperty("errors").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_body_is_a_problem_not_a_crash()
    {
        var problem = await client.PostRaw(Predictions, "", HttpStatusCode.BadRequest);

        Assert.Contains("request", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("""{ "events": [] }""", "UserId")]
    [InlineData("""{ "userId": "u1" }""", "Events")]
    [InlineData("""{ "userId": "u1", "events": [ { "type": "view", "itemId": "i1" } ] }""", "Events[0].Time")]
    [InlineData("""{ "userId": "u1", "events": [ { "time": "2024-01-05T10:00:00Z", "itemId": "i1" } ] }""", "Events[0].Type")]
    [InlineData("""{ "userId": "u1", "events": [ { "time": "2024-01-05T10:00:00Z", "type": "view" } ] }""", "Events[0].ItemId")]
    [InlineData("""{ "userId": "", "events": [ { "time": "2024-01-05T10:00:00Z", "type": "view", "itemId": "i1" } ] }""", "UserId")]
    public async Task Missing_fields_are_named(string body, string field)
    {
        var problem = await client.PostRaw(Predictions, body, HttpStatusCode.BadRequest);

        Assert.Contains(field[(field.LastIndexOf('.') + 1)..], problem.Error(field), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "userId": "u1", "events": [ { "time": "2024-01-05T10:00:00Z", "type": "view", "itemId": "i1", "price": "cheap" } ] }""", "Events[0].Price")]
    [InlineData("""{ "userId": 42, "events": [] }""", "UserId")]
    [InlineData("""{ "userId": "u1", "events": { "time": "2024-01-05T10:00:00Z" } }""", "Events")]
    public async Task Wrong_typed_fields_are_named(string body, string field)
    {
        var problem = await client.PostRaw(Predictions, body, HttpStatusCode.BadRequest);

        Assert.Contains("wrong type", problem.Error(field), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_event_type_is_named_with_the_types_there_are()
    {
        var problem = await client.PostRaw(Predictions, Session(Event(), Event(type: "\"wishlist\"")), HttpStatusCode.BadRequest);

        Assert.Contains("'wishlist' is not an event type; use view, cart, remove_from_cart", problem.Error("Events[1].Type"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2024-01-05T10:00:00")]
    [InlineData("2024-01-05")]
    [InlineData("2024-01-05T10:00:00+0100")]
    [InlineData("05/01/2024 10:00:00 +00:00")]
    public async Task A_time_without_an_offset_or_not_in_iso_8601_is_refused(string time)
    {
        var problem = await client.PostRaw(Predictions, Session(Event(time: time)), HttpStatusCode.BadRequest);

        Assert.Contains("ISO 8601 date and time with an offset", problem.Error("Events[0].Time"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_time_before_2000_is_refused()
    {
        var problem = await client.PostRaw(Predictions, Session(Event(time: "0001-01-01T00:00:00Z")), HttpStatusCode.BadRequest);

        Assert.Contains("is before 2000-01-01", problem.Error("Events[0].Time"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_that_already_holds_a_purchase_is_refused_naming_the_event()
    {
        var problem = await client.PostRaw(Predictions, Session(Event(), Event(type: "\"purchase\"")), HttpStatusCode.BadRequest);

        Assert.Contains("before their first purchase", problem.Error("Events[1].Type"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "userId": "u1", "coupon": "x", "events": [ { "time": "2024-01-05T10:00:00Z", "type": "view", "itemId": "i1" } ] }""", "Coupon", "'coupon'")]
    [InlineData("""{ "userId": "u1", "events": [ { "time": "2024-01-05T10:00:00Z", "type": "view", "itemId": "i1", "qty": 2 } ] }""", "Events[0].Qty", "'qty'")]
    public async Task An_unknown_property_is_refused_as_the_schema_says(string body, string field, string named)
    {
        var problem = await client.PostRaw(Predictions, body, HttpStatusCode.BadRequest);

        Assert.Contains($"Unknown property {named}", problem.Error(field), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e308")]
    [InlineData("1e20")]
    [InlineData("1000000000.01")]
    public async Task A_price_past_a_billion_is_refused_before_it_reaches_float_features(string price)
    {
        var problem = await client.PostRaw(Predictions, Session(Event(price: price)), HttpStatusCode.BadRequest);

        Assert.Contains("from 0 to 1,000,000,000", problem.Error("Events[0].Price"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_huge_invalid_value_is_echoed_cut_short()
    {
        var body = Session(Event(type: $"\"{new string('w', 30_000)}\""));

        var problem = await client.PostRaw(Predictions, body, HttpStatusCode.BadRequest);

        Assert.InRange(problem.ToString().Length, 100, 2_000);
        Assert.Contains("(30000 characters) is not an event type", problem.Error("Events[0].Type"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_time_in_the_future_is_refused()
    {
        var future = DateTimeOffset.UtcNow.AddHours(1).ToString("O");

        var problem = await client.PostRaw(Predictions, Session(Event(), Event(time: future)), HttpStatusCode.BadRequest);

        Assert.Contains("is in the future", problem.Error("Events[1].Time"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    [InlineData("-0.01")]
    public async Task A_price_that_is_not_a_finite_non_negative_number_is_refused(string price)
    {
        var problem = await client.PostRaw(Predictions, Session(Event(price: price)), HttpStatusCode.BadRequest);

        Assert.Contains("Price", problem.Error("Events[0].Price"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_and_oversized_sessions_are_refused()
    {
        var empty = await client.PostRaw(Predictions, """{ "userId": "u1", "events": [] }""", HttpStatusCode.BadRequest);
        var oversized = await client.PostRaw(Predictions, Session([.. Enumerable.Repeat(Event(), 51)]), HttpStatusCode.BadRequest);

        Assert.Contains("minimum length", empty.Error("Events"), StringComparison.Ordinal);
        Assert.Contains("51 events; a session may have at most 50", oversized.Error("Events"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_null_and_oversized_batches_are_refused_naming_the_session()
    {
        var empty = await client.PostRaw(Batch, """{ "sessions": [] }""", HttpStatusCode.BadRequest);
        var oversized = await client.PostRaw(Batch, $$"""{ "sessions": [ {{string.Join(", ", Enumerable.Repeat(Session(Event()), 11))}} ] }""", HttpStatusCode.BadRequest);
        var withNull = await client.PostRaw(Batch, $$"""{ "sessions": [ {{Session(Event())}}, null ] }""", HttpStatusCode.BadRequest);
        var badEvent = await client.PostRaw(Batch, $$"""{ "sessions": [ {{Session(Event())}}, {{Session(Event(type: "\"like\""))}} ] }""", HttpStatusCode.BadRequest);

        Assert.Contains("minimum length", empty.Error("Sessions"), StringComparison.Ordinal);
        Assert.Contains("11 sessions; a batch may have at most 10", oversized.Error("Sessions"), StringComparison.Ordinal);
        Assert.Contains("required", withNull.Error("Sessions[1]"), StringComparison.Ordinal);
        Assert.Contains("'like'", badEvent.Error("Sessions[1].Events[0].Type"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_413()
    {
        var body = Session(Event(item: $"\"{new string('x', 70_000)}\""));

        var problem = await client.PostRaw(Predictions, body, HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("the limit is 65536", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_query_value_or_alias_is_named()
    {
        var explain = await client.PostRaw(Predictions + "?explain=maybe", Session(Event()), HttpStatusCode.BadRequest);
        using var message = new HttpRequestMessage(HttpMethod.Post, Predictions) { Content = new StringContent(Session(Event()), Encoding.UTF8, "application/json") };
        message.Headers.Add("X-Model-Alias", "intern");
        var alias = await Problems.Read(await client.SendAsync(message), HttpStatusCode.BadRequest);

        Assert.Equal("explain: 'maybe' is not true or false.", explain.GetProperty("detail").GetString());
        Assert.Contains("X-Model-Alias: 'intern' is not an alias", alias.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_content_type_is_415_problem_details()
    {
        using var response = await client.PostAsync(Predictions, new StringContent(Session(Event()), Encoding.UTF8, "text/plain"));

        await Problems.Read(response, HttpStatusCode.UnsupportedMediaType);
    }
}
