namespace ClickPredict.Api.Docs;

internal static class DocsSetup
{
    /// <summary>
    /// True while the build writes openapi.json (it starts the app inside Microsoft's GetDocument tool):
    /// the admin endpoints are mapped then, so the committed contract documents them, though a running API
    /// has them only with a key configured.
    /// </summary>
    public static bool WritingDocument { get; } = System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";

    public static IHostApplicationBuilder AddApiDocs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new() { Title = "ClickPredict", Version = "v1", Description = "Predicts, while a visitor is still browsing, whether the session ends in a purchase." });
            options.OperationFilter<ExamplesFilter>();
        });
        return builder;
    }

    /// <summary>Swagger UI at /swagger, the document at /swagger/v1/swagger.json, in every environment.</summary>
    public static IApplicationBuilder UseApiDocs(this IApplicationBuilder app)
    {
        app.UseSwagger();
        // The definition is named explicitly: left to Swashbuckle it takes the entry assembly's name,
        // which is "ClickPredict.Cli" when `clickpredict serve` hosts the API.
        return app.UseSwaggerUI(options =>
        {
            options.DocumentTitle = "ClickPredict API";
            options.SwaggerEndpoint("/swagger/v1/swagger.json", "ClickPredict API v1");
        });
    }
}
