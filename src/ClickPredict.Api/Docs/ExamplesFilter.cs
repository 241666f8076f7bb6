using System.Text.Json.Nodes;
using ClickPredict.Api.Configuration;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ClickPredict.Api.Docs;

/// <summary>
/// Puts a working request body (<see cref="Examples"/>) on each operation that takes one, examples and
/// descriptions on the parameters, and the X-Api-Key header on the admin operations, so "Try it out"
/// succeeds as it stands.
/// </summary>
internal sealed class ExamplesFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var name = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName;
        if (name is not null && Examples.Bodies.TryGetValue(name, out var body) && operation.RequestBody?.Content is { } content)
        {
            foreach (var media in content.Values.OfType<OpenApiMediaType>())
            {
                media.Example = JsonNode.Parse(body);
            }
        }

        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            (parameter.Example, parameter.Description) = parameter.Name switch
            {
                "aliasOrVersion" => (JsonValue.Create("champion"), "champion, challenger or a version number."),
                "version" => (JsonValue.Create(1), "The registered version to promote."),
                "X-Model-Alias" => (JsonValue.Create("champion"), "champion (default) or challenger: which loaded model answers."),
                "explain" => (JsonValue.Create(true), "Add the top feature contributions with their values."),
                _ => (parameter.Example, parameter.Description),
            };
        }

        if (name is "ReloadModels" or "PromoteModel" or "RefreshDrift")
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = AdminOptions.Header,
                In = ParameterLocation.Header,
                Required = true,
                Description = "The admin key (Admin:ApiKey).",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
    }
}
