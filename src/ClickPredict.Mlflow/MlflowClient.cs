using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Json.Serialization.Metadata;
using ClickPredict.Mlflow.Wire;

namespace ClickPredict.Mlflow;

/// <summary>
/// A typed client for the MLflow tracking server's REST API 2.0: experiments, runs, artifacts (through the
/// <c>mlflow-artifacts</c> proxy), registered models, model versions and aliases.
/// </summary>
/// <remarks>
/// Every call is tried up to <see cref="MlflowClientOptions.MaxAttempts"/> times when it fails transiently
/// (server unreachable, time-out, 429, 5xx), waiting with capped exponential backoff; any other 4xx fails at
/// once. Every failure surfaces as one <see cref="MlflowException"/>. Thread-safe.
/// </remarks>
public sealed partial class MlflowClient : IDisposable
{
    private const string ApiPrefix = "/api/2.0/mlflow/";

    private readonly HttpClient http;
    private readonly bool ownsHttp;
    private readonly string baseUrl;
    private readonly AuthenticationHeaderValue? authorization;

    /// <summary>Creates a client.</summary>
    /// <param name="options">Server address, credentials and retry settings.</param>
    /// <param name="httpClient">An HTTP client to use (not disposed by this client); by default the client makes and owns one.</param>
    public MlflowClient(MlflowClientOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxAttempts, 1);
        Options = options;
        baseUrl = options.TrackingUri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        authorization = options.Token is { } token
            ? new AuthenticationHeaderValue("Bearer", token)
            : options.Username is { } user
                ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{options.Password}")))
                : null;
        ownsHttp = httpClient is null;
        http = httpClient ?? new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The options this client was made with.</summary>
    public MlflowClientOptions Options { get; }

    /// <summary>Disposes the HTTP client if this client made it.</summary>
    public void Dispose()
    {
        if (ownsHttp)
            http.Dispose();
    }

    private Task<TResponse> PostAsync<TRequest, TResponse>(string endpoint, TRequest body, JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType, CancellationToken ct)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, requestType);
        return SendJsonAsync(HttpMethod.Post, ApiPrefix + endpoint, () => JsonContent(bytes), responseType, ct);
    }

    private Task<TResponse> GetAsync<TResponse>(string endpoint, string query, JsonTypeInfo<TResponse> responseType, CancellationToken ct) =>
        SendJsonAsync(HttpMethod.Get, ApiPrefix + endpoint + query, null, responseType, ct);

    private static ByteArrayContent JsonContent(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private async Task<TResponse> SendJsonAsync<TResponse>(HttpMethod method, string pathAndQuery, Func<HttpContent>? content,
        JsonTypeInfo<TResponse> responseType, CancellationToken ct)
    {
        var body = await SendAsync(method, pathAndQuery, content, ct);
        try
        {
            return JsonSerializer.Deserialize(body, responseType)
                ?? throw new JsonException("the body was JSON null");
        }
        catch (JsonException ex)
        {
            var endpoint = Endpoint(method, pathAndQuery);
            throw new MlflowException($"MLflow {endpoint} answered success with a body that is not the expected JSON: {ex.Message}",
                endpoint, HttpStatusCode.OK, null, Snippet(body), isTransient: false, attempts: 1, ex);
        }
    }

    /// <summary>Sends one request with retries; returns the success body or throws one <see cref="MlflowException"/>.</summary>
    private async Task<byte[]> SendAsync(HttpMethod method, string pathAndQuery, Func<HttpContent>? content, CancellationToken ct)
    {
        var endpoint = Endpoint(method, pathAndQuery);
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? retryAfter = null;
            MlflowException failure;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                timeout.CancelAfter(Options.RequestTimeout);
                try
                {
                    using var request = new HttpRequestMessage(method, baseUrl + pathAndQuery) { Content = content?.Invoke() };
                    request.Headers.Authorization = authorization;
                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
                    var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
                    if (response.IsSuccessStatusCode)
                        return body;
                    failure = ErrorFromResponse(endpoint, response, body, attempt);
                    if (!failure.IsTransient || attempt >= Options.MaxAttempts)
                        throw failure;
                    retryAfter = response.Headers.RetryAfter?.Delta;
                }
                catch (HttpRequestException ex)
                {
                    failure = new MlflowException(
                        $"MLflow {endpoint} failed: server unreachable after {attempt} attempt(s) ({ex.Message})",
                        endpoint, null, null, ex.Message, isTransient: true, attempt, ex);
                }
                catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
                {
                    failure = new MlflowException(
                        $"MLflow {endpoint} failed: no answer within {Options.RequestTimeout.TotalSeconds:0.#} s, {attempt} attempt(s)",
                        endpoint, null, null, "time-out", isTransient: true, attempt, ex);
                }
            }
            if (attempt >= Options.MaxAttempts)
                throw failure;
            await Task.Delay(RetryDelay(attempt, retryAfter), ct);
        }
    }

    private TimeSpan RetryDelay(int attempt, TimeSpan? retryAfter)
    {
        var backoff = Options.InitialRetryDelay * Math.Pow(2, attempt - 1);
        if (retryAfter is { } hint && hint > backoff)
            backoff = hint;
        return backoff < Options.MaxRetryDelay ? backoff : Options.MaxRetryDelay;
    }

    private static bool IsTransient(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static MlflowException ErrorFromResponse(string endpoint, HttpResponseMessage response, byte[] body, int attempt)
    {
        var status = response.StatusCode;
        var transient = IsTransient(status);
        var tries = transient ? $" after {attempt} attempt(s)" : "";
        var code = $"{(int)status} {response.ReasonPhrase}".TrimEnd();
        ErrorBody? error = null;
        try
        {
            error = JsonSerializer.Deserialize(body, MlflowJson.Default.ErrorBody);
        }
        catch (JsonException)
        {
        }
        if (error is { ErrorCode: not null } or { Message: not null })
        {
            var message = error.Message ?? "";
            return new MlflowException($"MLflow {endpoint} failed{tries}: {code} {error.ErrorCode}: {message}".TrimEnd(' ', ':'),
                endpoint, status, error.ErrorCode, message, transient, attempt);
        }
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "no content type";
        var snippet = Snippet(body);
        return new MlflowException(
            $"MLflow {endpoint} failed{tries}: {code} with a {mediaType} body, not an MLflow API error (is the tracking URI right?): {snippet}",
            endpoint, status, null, snippet, transient, attempt);
    }

    /// <summary>A short, single-line description of a non-JSON body: an HTML page's title, else its text.</summary>
    internal static string Snippet(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 4096));
        var title = HtmlTitle().Match(text);
        if (title.Success)
            text = title.Groups[1].Value;
        text = Whitespace().Replace(HtmlTag().Replace(text, " "), " ").Trim();
        return text.Length == 0 ? "(empty body)" : text.Length <= 200 ? text : text[..200] + "…";
    }

    [GeneratedRegex("<title>(.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HtmlTitle();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private static string Endpoint(HttpMethod method, string pathAndQuery)
    {
        var q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return $"{method} {(q < 0 ? pathAndQuery : pathAndQuery[..q])}";
    }

    private static string Query(params (string Name, string? Value)[] pairs)
    {
        var parts = pairs.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    private static async Task<T?> NullIfNotFound<T>(Func<Task<T?>> call)
        where T : class
    {
        try
        {
            return await call();
        }
        catch (MlflowException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    private static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
