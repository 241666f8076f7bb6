using ClickPredict.Api.Configuration;
using ClickPredict.Api.Serving;
using Microsoft.Extensions.Options;

namespace ClickPredict.Api.Predictions;

/// <summary>What the prediction handlers need, bound as one parameter.</summary>
internal sealed record PredictionServices(ModelHost Host, SessionScorer Scorer, IOptions<LimitsOptions> Limits, TimeProvider Clock, ServingWarmup WarmUp);
