using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ClickPredict.Mlflow.StandIn;

/// <summary>
/// A STAND-IN for an MLflow tracking server, not MLflow: an in-process Kestrel server on a real port that
/// implements the documented REST API 2.0 request/response shapes the client uses, and the server behaviours
/// the client must cope with — fields at their default left out, <c>{}</c> for an empty search, a
/// next_page_token on a full last page, NaN metrics as <c>"NaN"</c>, a malformed metric value silently stored
/// as 0, an over-long param silently cut, the log-batch limits, Flask's HTML 404 for unknown routes — plus
/// fault injection (503, 429, HTML 500/404 pages, reset connections, slow answers). Its filters understand only
/// equality clauses joined by <c>and</c>.
/// </summary>
internal sealed class MlflowStandInServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private readonly Lock faultGate = new();
    private Fault fault = Fault.None;
    private int faultSkip;
    private int faultCount;

    private MlflowStandInServer(WebApplication app) => this.app = app;

    public Uri Uri { get; private set; } = null!;
    public StandInState State { get; } = new();
    public IReadOnlyCollection<RecordedRequest> Requests => requests;

    /// <summary>Delay of a <see cref="Fault.Slow"/> answer.</summary>
    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(2);

    public static async Task<MlflowStandInServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new MlflowStandInServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.Uri = new Uri(app.Urls.First());
        return server;
    }

    public MlflowClient Client(Func<MlflowClientOptions, MlflowClientOptions>? configure = null)
    {
        var options = new MlflowClientOptions
        {
            TrackingUri = Uri,
            InitialRetryDelay = TimeSpan.FromMilliseconds(5),
            MaxRetryDelay = TimeSpan.FromMilliseconds(20),
            RequestTimeout = TimeSpan.FromSeconds(10),
        };
        return new MlflowClient(configure is null ? options : configure(options));
    }

    /// <summary>The next <paramref name="count"/> requests, after <paramref name="skip"/> good ones, get <paramref name="kind"/>.</summary>
    public void InjectFault(Fault kind, int count = int.MaxValue, int skip = 0)
    {
        lock (faultGate)
        {
            fault = kind;
            faultCount = count;
            faultSkip = skip;
        }
    }

    public void Heal() => InjectFault(Fault.None, 0);

    public int CountRequests(string method, string pathEnd) =>
        requests.Count(r => r.Method == method && r.Path.EndsWith(pathEnd, StringComparison.Ordinal));

    public void ClearRequests() => requests.Clear();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private Fault NextFault()
    {
        lock (faultGate)
        {
            if (fault == Fault.None || faultCount <= 0)
                return Fault.None;
            if (faultSkip > 0)
            {
                faultSkip--;
                return Fault.None;
            }
            faultCount--;
            return fault;
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        requests.Enqueue(new RecordedRequest(request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "", body.Length,
            request.Headers.Authorization.ToString()));

        switch (NextFault())
        {
            case Fault.Unavailable:
                await Json(context, HttpStatusCode.ServiceUnavailable, Error("TEMPORARILY_UNAVAILABLE", "stand-in: unavailable"));
                return;
            case Fault.TooManyRequests:
                context.Response.Headers.RetryAfter = "0";
                await Json(context, HttpStatusCode.TooManyRequests, Error("REQUEST_LIMIT_EXCEEDED", "stand-in: slow down"));
                return;
            case Fault.Html500:
                await Html(context, HttpStatusCode.InternalServerError, "500 Internal Server Error");
                return;
            case Fault.Html404:
                await Html(context, HttpStatusCode.NotFound, "404 Not Found");
                return;
            case Fault.Reset:
                context.Abort();
                return;
            case Fault.Slow:
                await Task.Delay(SlowDelay);
                break;
        }

        try
        {
            var path = request.Path.Value ?? "";
            JsonObject? answer;
            if (path.StartsWith(StandInArtifacts.Prefix, StringComparison.Ordinal))
            {
                var bytes = StandInArtifacts.Handle(State, request.Method, path, request.Query["path"].ToString(), body, out answer);
                if (bytes is not null)
                {
                    context.Response.ContentType = "application/octet-stream";
                    await context.Response.Body.WriteAsync(bytes);
                    return;
                }
            }
            else if (path.StartsWith("/api/2.0/mlflow/", StringComparison.Ordinal))
            {
                var args = Arguments(request, body);
                answer = StandInApi.Handle(State, request.Method, path["/api/2.0/mlflow/".Length..], args, body.Length);
            }
            else
            {
                answer = null;
            }
            if (answer is null)
            {
                await Html(context, HttpStatusCode.NotFound, "404 Not Found");
                return;
            }
            await Json(context, HttpStatusCode.OK, StandInJson.Compact(answer));
        }
        catch (StandInError error)
        {
            await Json(context, error.Status, Error(error.ErrorCode, error.Message));
        }
    }

    /// <summary>GET arguments come from the query string, the others from a JSON body (DELETE: either).</summary>
    private static JsonObject Arguments(HttpRequest request, byte[] body)
    {
        var args = new JsonObject();
        foreach (var (key, value) in request.Query)
            args[key] = value.ToString();
        if (request.Method != "GET" && body.Length > 0)
        {
            JsonNode? parsed;
            try
            {
                parsed = JsonNode.Parse(body);
            }
            catch (System.Text.Json.JsonException)
            {
                throw new StandInError(HttpStatusCode.BadRequest, "MALFORMED_REQUEST", "stand-in: body is not JSON");
            }
            if (parsed is JsonObject obj)
            {
                foreach (var (key, value) in obj.ToList())
                {
                    obj.Remove(key);
                    args[key] = value;
                }
            }
        }
        return args;
    }

    private static JsonObject Error(string code, string message) => new() { ["error_code"] = code, ["message"] = message };

    private static async Task Json(HttpContext context, HttpStatusCode status, JsonNode node)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(node.ToJsonString());
    }

    private static async Task Html(HttpContext context, HttpStatusCode status, string title)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(
            $"<!doctype html>\n<html lang=en>\n<title>{title}</title>\n<h1>{title[4..]}</h1>\n<p>The stand-in has nothing for this URL.</p>\n"));
    }
}

public enum Fault { None, Unavailable, TooManyRequests, Html500, Html404, Reset, Slow }

internal sealed record RecordedRequest(string Method, string Path, string Query, int BodyLength, string Authorization);
