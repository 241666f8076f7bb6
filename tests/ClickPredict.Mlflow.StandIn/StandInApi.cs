using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using static ClickPredict.Mlflow.StandIn.StandInJson;

namespace ClickPredict.Mlflow.StandIn;

/// <summary>The stand-in's <c>/api/2.0/mlflow/*</c> endpoints (tracking and model registry). Not MLflow.</summary>
internal static class StandInApi
{
    private const int MaxParamLength = 6000;

    public static JsonObject? Handle(StandInState s, string method, string endpoint, JsonObject args, int bodyLength)
    {
        lock (s.Gate)
        {
            return (method, endpoint) switch
            {
                ("GET", "experiments/get-by-name") => new() { ["experiment"] = Experiment(FindExperiment(s, Required(args, "experiment_name"))) },
                ("POST", "experiments/create") => CreateExperiment(s, args),
                ("POST", "experiments/search") => SearchExperiments(s, args),
                ("POST", "runs/create") => CreateRun(s, args),
                ("GET", "runs/get") => new() { ["run"] = Run(GetRun(s, Required(args, "run_id"))) },
                ("POST", "runs/update") => UpdateRun(s, args),
                ("POST", "runs/search") => SearchRuns(s, args),
                ("POST", "runs/log-batch") => LogBatch(s, args, bodyLength),
                ("POST", "runs/set-tag") => SetTag(s, args),
                ("GET", "metrics/get-history") => MetricHistory(s, args),
                ("POST", "registered-models/create") => CreateModel(s, args),
                ("GET", "registered-models/get") => new() { ["registered_model"] = Model(GetModel(s, Required(args, "name"))) },
                ("POST", "model-versions/create") => CreateVersion(s, args),
                ("GET", "model-versions/get") => new() { ["model_version"] = Version(s, GetVersion(s, Required(args, "name"), Required(args, "version"))) },
                ("GET", "model-versions/search") => SearchVersions(s, args),
                ("POST", "registered-models/alias") => SetAlias(s, args),
                ("GET", "registered-models/alias") => GetAlias(s, args),
                ("DELETE", "registered-models/alias") => DeleteAlias(s, args),
                _ => null,
            };
        }
    }

    private static StandInExperiment FindExperiment(StandInState s, string name) =>
        s.Experiments.FirstOrDefault(e => e.Name == name) ?? throw StandInError.NotFound($"Could not find experiment with name '{name}'");

    private static JsonObject CreateExperiment(StandInState s, JsonObject args)
    {
        var name = Required(args, "name");
        if (s.Experiments.Any(e => e.Name == name))
            throw StandInError.Exists($"Experiment '{name}' already exists.");
        var id = s.Experiments.Count.ToString(CultureInfo.InvariantCulture);
        var experiment = new StandInExperiment(id, name, Text(args, "artifact_location") ?? $"mlflow-artifacts:/{id}") { CreationTime = s.Tick() };
        foreach (var (key, value) in KeyValues(args, "tags"))
            experiment.Tags[key] = value;
        s.Experiments.Add(experiment);
        return new() { ["experiment_id"] = id };
    }

    private static JsonObject SearchExperiments(StandInState s, JsonObject args)
    {
        var filter = StandInFilter.Parse(Text(args, "filter"));
        var matching = s.Experiments.Where(e => filter.Matches((scope, key) => scope == "tags" ? e.Tags.GetValueOrDefault(key) : key == "name" ? e.Name : null)).ToList();
        var (page, token) = Paginate(matching, args);
        return new() { ["experiments"] = new JsonArray([.. page.Select(Experiment)]), ["next_page_token"] = token };
    }

    private static JsonObject Experiment(StandInExperiment e) => new()
    {
        ["experiment_id"] = e.Id,
        ["name"] = e.Name,
        ["artifact_location"] = e.ArtifactLocation,
        ["lifecycle_stage"] = "active",
        ["creation_time"] = e.CreationTime,
        ["last_update_time"] = e.CreationTime,
        ["tags"] = Tags(e.Tags),
    };

    private static JsonObject CreateRun(StandInState s, JsonObject args)
    {
        var experimentId = Required(args, "experiment_id");
        if (s.Experiments.All(e => e.Id != experimentId))
            throw StandInError.NotFound($"No Experiment with id={experimentId} exists");
        var run = new StandInRun(Guid.NewGuid().ToString("N"), experimentId, Text(args, "run_name"), Long(args, "start_time") ?? s.Tick());
        foreach (var (key, value) in KeyValues(args, "tags"))
            run.Tags[key] = value;
        if (run.Name is { } name)
            run.Tags["mlflow.runName"] = name;
        if (Text(args, "user_id") is { } user)
            run.Tags["mlflow.user"] = user;
        s.Runs.Add(run);
        return new() { ["run"] = Run(run) };
    }

    private static StandInRun GetRun(StandInState s, string id) =>
        s.Runs.FirstOrDefault(r => r.Id == id) ?? throw StandInError.NotFound($"Run with id={id} not found");

    private static JsonObject UpdateRun(StandInState s, JsonObject args)
    {
        var run = GetRun(s, Text(args, "run_id") ?? Required(args, "run_uuid"));
        if (Text(args, "status") is { } status)
        {
            if (status is not ("RUNNING" or "SCHEDULED" or "FINISHED" or "FAILED" or "KILLED"))
                throw StandInError.Invalid($"Invalid value \"{status}\" for parameter 'status'");
            run.Status = status;
        }
        if (Long(args, "end_time") is { } end)
            run.EndTime = end;
        if (Text(args, "run_name") is { } name)
            run.Name = run.Tags["mlflow.runName"] = name;
        return new() { ["run_info"] = RunInfo(run) };
    }

    private static JsonObject SearchRuns(StandInState s, JsonObject args)
    {
        var experimentIds = (args["experiment_ids"] as JsonArray ?? []).Select(n => n?.ToString()).ToHashSet();
        var filter = StandInFilter.Parse(Text(args, "filter"));
        var view = Text(args, "run_view_type") ?? "ACTIVE_ONLY";
        var matching = s.Runs
            .Where(r => experimentIds.Contains(r.ExperimentId))
            .Where(r => view == "ALL" || (view == "DELETED_ONLY") == (r.LifecycleStage == "deleted"))
            .Where(r => filter.Matches((scope, key) => scope switch
            {
                "tags" or "tag" => r.Tags.GetValueOrDefault(key),
                "params" or "param" => r.Params.GetValueOrDefault(key),
                _ => key switch { "run_name" => r.Name, "run_id" => r.Id, "status" => r.Status, _ => null },
            }))
            .OrderByDescending(r => r.StartTime).ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
        var (page, token) = Paginate(matching, args);
        return new() { ["runs"] = new JsonArray([.. page.Select(Run)]), ["next_page_token"] = token };
    }

    private static JsonObject LogBatch(StandInState s, JsonObject args, int bodyLength)
    {
        var run = GetRun(s, Required(args, "run_id"));
        var metrics = args["metrics"] as JsonArray ?? [];
        var @params = KeyValues(args, "params").ToList();
        var tags = KeyValues(args, "tags").ToList();
        if (bodyLength > 1_000_000)
            throw StandInError.Invalid($"Batched logging API requests must be at most 1000000 bytes, got a request of {bodyLength} bytes");
        if (metrics.Count > 1000 || @params.Count > 100 || tags.Count > 100 || metrics.Count + @params.Count + tags.Count > 1000)
            throw StandInError.Invalid($"A batch logging request can contain at most 1000 metrics, 100 params, 100 tags and 1000 in all; got {metrics.Count} metrics, {@params.Count} params and {tags.Count} tags");
        foreach (var (key, value) in @params)
        {
            // The real server cuts an over-long param instead of refusing it: the client must check first.
            var stored = value.Length > MaxParamLength ? value[..MaxParamLength] : value;
            if (run.Params.TryGetValue(key, out var old) && old != stored)
                throw StandInError.Invalid($"Changing param values is not allowed. Param with key='{key}' was already logged with value='{old}' for run ID='{run.Id}'. Attempted logging new value '{stored}'.");
            run.Params[key] = stored;
        }
        foreach (var (key, value) in tags)
        {
            if (value.Length > 8000)
                throw StandInError.Invalid($"Tag value '{key}' had length {value.Length}, which exceeded length limit of 8000");
            run.Tags[key] = value;
        }
        foreach (var metric in metrics.OfType<JsonObject>())
        {
            var row = (Text(metric, "key") ?? "", MalformedAsZero(metric["value"]), Long(metric, "timestamp") ?? 0, Long(metric, "step") ?? 0);
            if (!run.Metrics.Any(m => m.Key == row.Item1 && m.Timestamp == row.Item3 && m.Step == row.Item4 && m.Value.Equals(row.Item2)))
                run.Metrics.Add(row);
        }
        return [];
    }

    /// <summary>A value that is not a number (or a numeric string) is stored as 0, without an error.</summary>
    private static double MalformedAsZero(JsonNode? value)
    {
        if (value is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
            return v.GetValue<double>();
        if (value is JsonValue text && text.GetValueKind() == JsonValueKind.String)
            return text.GetValue<string>() switch
            {
                "NaN" => double.NaN,
                "Infinity" => double.PositiveInfinity,
                "-Infinity" => double.NegativeInfinity,
                var t when double.TryParse(t, CultureInfo.InvariantCulture, out var d) => d,
                _ => 0,
            };
        return 0;
    }

    private static JsonObject SetTag(StandInState s, JsonObject args)
    {
        var run = GetRun(s, Text(args, "run_id") ?? Required(args, "run_uuid"));
        run.Tags[Required(args, "key")] = Text(args, "value") ?? "";
        return [];
    }

    private static JsonObject MetricHistory(StandInState s, JsonObject args)
    {
        var run = GetRun(s, Required(args, "run_id"));
        var key = Required(args, "metric_key");
        var history = run.Metrics.Where(m => m.Key == key).ToList();
        var (page, token) = Paginate(history, args, defaultMax: 25000);
        return new() { ["metrics"] = new JsonArray([.. page.Select(Metric)]), ["next_page_token"] = token };
    }

    private static JsonObject Run(StandInRun run)
    {
        // run.data.metrics holds the latest value per key: highest step, then timestamp, then value.
        var latest = run.Metrics.GroupBy(m => m.Key).Select(g => g.OrderBy(m => m.Step).ThenBy(m => m.Timestamp).ThenBy(m => m.Value).Last());
        return new()
        {
            ["info"] = RunInfo(run),
            ["data"] = new JsonObject
            {
                ["metrics"] = new JsonArray([.. latest.Select(Metric)]),
                ["params"] = Tags(run.Params),
                ["tags"] = Tags(run.Tags),
            },
            ["inputs"] = new JsonObject(),
        };
    }

    private static JsonObject Metric((string Key, double Value, long Timestamp, long Step) m) => new()
    {
        ["key"] = m.Key,
        ["value"] = MetricValue(m.Value),
        ["timestamp"] = m.Timestamp,
        ["step"] = m.Step,
    };

    private static JsonObject RunInfo(StandInRun run) => new()
    {
        ["run_id"] = run.Id,
        ["run_uuid"] = run.Id,
        ["run_name"] = run.Name,
        ["experiment_id"] = run.ExperimentId,
        ["user_id"] = run.Tags.GetValueOrDefault("mlflow.user"),
        ["status"] = run.Status,
        ["start_time"] = run.StartTime,
        ["end_time"] = run.EndTime,
        ["artifact_uri"] = run.ArtifactUri,
        ["lifecycle_stage"] = run.LifecycleStage,
    };

    private static JsonObject CreateModel(StandInState s, JsonObject args)
    {
        var name = Required(args, "name");
        if (s.Models.Any(m => m.Name == name))
            throw StandInError.Exists($"Registered Model (name={name}) already exists.");
        var model = new StandInModel(name, s.Tick()) { Description = Text(args, "description") };
        s.Models.Add(model);
        return new() { ["registered_model"] = Model(model) };
    }

    private static StandInModel GetModel(StandInState s, string name) =>
        s.Models.FirstOrDefault(m => m.Name == name) ?? throw StandInError.NotFound($"Registered Model with name={name} not found");

    private static JsonObject Model(StandInModel m) => new()
    {
        ["name"] = m.Name,
        ["creation_timestamp"] = m.Created,
        ["last_updated_timestamp"] = m.Versions.Count > 0 ? m.Versions[^1].Created : m.Created,
        ["description"] = m.Description,
        ["aliases"] = new JsonArray([.. m.Aliases.Select(a => (JsonNode)new JsonObject { ["alias"] = a.Key, ["version"] = a.Value })]),
    };

    private static JsonObject CreateVersion(StandInState s, JsonObject args)
    {
        var model = GetModel(s, Required(args, "name"));
        var version = new StandInVersion(model.Name, (model.Versions.Count + 1).ToString(CultureInfo.InvariantCulture), Required(args, "source"),
            Text(args, "run_id"), Text(args, "description"), s.Tick());
        model.Versions.Add(version);
        return new() { ["model_version"] = Version(s, version) };
    }

    private static StandInVersion GetVersion(StandInState s, string name, string version) =>
        GetModel(s, name).Versions.FirstOrDefault(v => v.Version == version)
        ?? throw StandInError.NotFound($"Model Version (name={name}, version={version}) not found");

    private static JsonObject SearchVersions(StandInState s, JsonObject args)
    {
        var filter = StandInFilter.Parse(Text(args, "filter"));
        var matching = s.Models.SelectMany(m => m.Versions)
            .Where(v => filter.Matches((_, key) => key switch { "name" => v.Name, "run_id" => v.RunId, "source_path" => v.Source, _ => null }))
            .ToList();
        var (page, token) = Paginate(matching, args, defaultMax: 200_000);
        return new() { ["model_versions"] = new JsonArray([.. page.Select(v => Version(s, v))]), ["next_page_token"] = token };
    }

    private static JsonObject Version(StandInState s, StandInVersion v) => new()
    {
        ["name"] = v.Name,
        ["version"] = v.Version,
        ["creation_timestamp"] = v.Created,
        ["last_updated_timestamp"] = v.Created,
        ["current_stage"] = "None",
        ["description"] = v.Description,
        ["source"] = v.Source,
        ["run_id"] = v.RunId,
        ["status"] = "READY",
        ["aliases"] = new JsonArray([.. GetModel(s, v.Name).Aliases.Where(a => a.Value == v.Version).Select(a => (JsonNode)a.Key)]),
    };

    private static JsonObject SetAlias(StandInState s, JsonObject args)
    {
        var version = GetVersion(s, Required(args, "name"), Required(args, "version"));
        GetModel(s, version.Name).Aliases[Required(args, "alias")] = version.Version;
        return [];
    }

    private static JsonObject GetAlias(StandInState s, JsonObject args)
    {
        var model = GetModel(s, Required(args, "name"));
        var alias = Required(args, "alias");
        if (!model.Aliases.TryGetValue(alias, out var version))
            throw StandInError.NotFound($"Registered model alias {alias} not found.");
        return new() { ["model_version"] = Version(s, GetVersion(s, model.Name, version)) };
    }

    private static JsonObject DeleteAlias(StandInState s, JsonObject args)
    {
        GetModel(s, Required(args, "name")).Aliases.Remove(Required(args, "alias"));
        return [];
    }
}
