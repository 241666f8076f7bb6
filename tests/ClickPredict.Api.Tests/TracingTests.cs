using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using ClickPredict.Api.Tests.Support;

namespace ClickPredict.Api.Tests;

/// <summary>A prediction is traced as validate → features → score → log, each a child of its request's span.</summary>
[Collection(ServedLakeCollection.Name)]
public class TracingTests(ServedLakeFixture fixture)
{
    [Fact]
    public async Task A_prediction_is_four_spans_in_order_inside_the_request_span_of_the_callers_trace()
    {
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is Telemetry.SourceName or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var trace = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/predictions") { Content = JsonContent.Create(Requests.Browsing("u-traced")) };
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");

        using var response = await fixture.App.CreateClient().SendAsync(request);

        response.EnsureSuccessStatusCode();
        var spans = stopped.Where(a => a.TraceId == trace).ToList();
        var root = Assert.Single(spans, a => a.Source.Name == "Microsoft.AspNetCore");
        var steps = spans.Where(a => a.Source.Name == Telemetry.SourceName).OrderBy(a => a.StartTimeUtc).ToList();
        Assert.Equal(["prediction.validate", "prediction.features", "prediction.score", "prediction.log"], steps.Select(a => a.OperationName));
        Assert.All(steps, step => Assert.Equal(root.SpanId, step.ParentSpanId));
    }
}
