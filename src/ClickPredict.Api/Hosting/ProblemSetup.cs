using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;

namespace ClickPredict.Api.Hosting;

internal static class ProblemSetup
{
    /// <summary>Every error a client sees is ProblemDetails, with the request id to find it in the logs.</summary>
    public static IHostApplicationBuilder AddProblems(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["requestId"] = context.HttpContext.TraceIdentifier);
        builder.Services.AddExceptionHandler<BadRequestHandler>();
        // Binding failures become exceptions in every environment, so BadRequestHandler can name the field.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        // NaN and Infinity are read so validation can name the field, instead of failing the whole body.
        // Unknown properties are refused, as the OpenAPI document's additionalProperties: false says.
        builder.Services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
            options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            options.SerializerOptions.AllowDuplicateProperties = false;
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, Predictions.PredictionJson.Default);
        });
        builder.Services.AddValidation();
        return builder;
    }

    public static IApplicationBuilder UseProblems(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<Utf8Only>();
        return app.UseMiddleware<BodySizeLimit>();
    }
}
