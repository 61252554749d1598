using Microsoft.AspNetCore.Builder;

namespace LiveGrpc.Rpc.Server;

/// <summary>Applies conventions (and finally-conventions) to several endpoint builders at once.</summary>
internal sealed class CompositeConventionBuilder(IReadOnlyList<IEndpointConventionBuilder> builders) : IEndpointConventionBuilder
{
    public void Add(Action<EndpointBuilder> convention)
    {
        foreach (var builder in builders)
        {
            builder.Add(convention);
        }
    }

    public void Finally(Action<EndpointBuilder> finallyConvention)
    {
        foreach (var builder in builders)
        {
            builder.Finally(finallyConvention);
        }
    }
}
