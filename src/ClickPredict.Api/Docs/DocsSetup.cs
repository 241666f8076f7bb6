namespace ClickPredict.Api.Docs;

internal static class DocsSetup
{
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
