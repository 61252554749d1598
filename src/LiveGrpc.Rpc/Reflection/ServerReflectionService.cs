using System.Runtime.CompilerServices;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Reflection.V1;
using LiveGrpc.Rpc.Server;
using Alpha = Grpc.Reflection.V1Alpha;

namespace LiveGrpc.Rpc.Reflection;

/// <summary>
/// Answers server reflection requests (grpc/doc/server-reflection.md) from the descriptors of
/// the mapped services. Shared by v1 and v1alpha, whose messages are wire-identical.
/// </summary>
public sealed class ServerReflectionResponder(ReflectionIndex index)
{
    public ReflectionIndex Index { get; } = index;

    public ServerReflectionResponse Respond(ServerReflectionRequest request)
    {
        var response = new ServerReflectionResponse
        {
            ValidHost = request.Host,
            OriginalRequest = request,
        };
        switch (request.MessageRequestCase)
        {
            case ServerReflectionRequest.MessageRequestOneofCase.ListServices:
                var list = new ListServiceResponse();
                foreach (var name in Index.ServiceNames)
                {
                    list.Service.Add(new ServiceResponse { Name = name });
                }
                response.ListServicesResponse = list;
                break;

            case ServerReflectionRequest.MessageRequestOneofCase.FileByFilename:
                SetFile(response, Index.FindFileByName(request.FileByFilename), $"File not found: {request.FileByFilename}");
                break;

            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingSymbol:
                SetFile(response, Index.FindFileContainingSymbol(request.FileContainingSymbol), $"Symbol not found: {request.FileContainingSymbol}");
                break;

            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingExtension:
                var extensionRequest = request.FileContainingExtension;
                if (Index.FindMessage(extensionRequest.ContainingType) is null)
                {
                    SetError(response, StatusCode.NotFound, $"Type not found: {extensionRequest.ContainingType}");
                }
                else
                {
                    SetFile(response, Index.FindExtension(extensionRequest.ContainingType, extensionRequest.ExtensionNumber)?.File,
                        $"Extension not found: {extensionRequest.ContainingType} field {extensionRequest.ExtensionNumber}");
                }
                break;

            case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType:
                var message = Index.FindMessage(request.AllExtensionNumbersOfType);
                if (message is null)
                {
                    SetError(response, StatusCode.NotFound, $"Type not found: {request.AllExtensionNumbersOfType}");
                }
                else
                {
                    var numbers = new ExtensionNumberResponse { BaseTypeName = message.FullName };
                    numbers.ExtensionNumber.AddRange(Index.ExtensionNumbersOf(message));
                    response.AllExtensionNumbersResponse = numbers;
                }
                break;

            default:
                SetError(response, StatusCode.Unimplemented, "The request names no reflection query this server understands.");
                break;
        }
        return response;
    }

    private static void SetFile(ServerReflectionResponse response, FileDescriptor? file, string notFound)
    {
        if (file is null)
        {
            SetError(response, StatusCode.NotFound, notFound);
            return;
        }
        var files = new FileDescriptorResponse();
        files.FileDescriptorProto.AddRange(ReflectionIndex.WithDependencies(file));
        response.FileDescriptorResponse = files;
    }

    private static void SetError(ServerReflectionResponse response, StatusCode code, string message) =>
        response.ErrorResponse = new ErrorResponse { ErrorCode = (int)code, ErrorMessage = message };

    /// <summary>The responder for the registry's services, rebuilt only when the set of services changes.</summary>
    internal static ServerReflectionResponder For(GrpcServiceRegistry registry)
    {
        var services = registry.Services.ToList();
        lock (Cache)
        {
            if (Cache.TryGetValue(registry, out var cached) && cached.Index.ServiceNames.Count == services.Count)
            {
                return cached;
            }
            var responder = new ServerReflectionResponder(new ReflectionIndex(services));
            Cache.AddOrUpdate(registry, responder);
            return responder;
        }
    }

    private static readonly ConditionalWeakTable<GrpcServiceRegistry, ServerReflectionResponder> Cache = [];
}

/// <summary>grpc.reflection.v1.ServerReflection.</summary>
public sealed class ServerReflectionService(GrpcServiceRegistry registry)
{
    public static ServiceDescriptor Descriptor => ReflectionReflection.Descriptor.Services[0];

    public async Task ServerReflectionInfo(IAsyncStreamReader<ServerReflectionRequest> requestStream, IServerStreamWriter<ServerReflectionResponse> responseStream, ServerCallContext context)
    {
        var responder = ServerReflectionResponder.For(registry);
        while (await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            await responseStream.WriteAsync(responder.Respond(requestStream.Current)).ConfigureAwait(false);
        }
    }
}

/// <summary>
/// grpc.reflection.v1alpha.ServerReflection, which most tools (grpcurl, Postman, evans) still ask for.
/// Its messages are byte-for-byte the v1 ones, so each request is re-read as v1 and answered by the same code.
/// </summary>
public sealed class ServerReflectionV1AlphaService(GrpcServiceRegistry registry)
{
    public static ServiceDescriptor Descriptor => Alpha.ReflectionReflection.Descriptor.Services[0];

    public async Task ServerReflectionInfo(IAsyncStreamReader<Alpha.ServerReflectionRequest> requestStream, IServerStreamWriter<Alpha.ServerReflectionResponse> responseStream, ServerCallContext context)
    {
        var responder = ServerReflectionResponder.For(registry);
        while (await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            var request = ServerReflectionRequest.Parser.ParseFrom(requestStream.Current.ToByteString());
            var response = responder.Respond(request);
            await responseStream.WriteAsync(Alpha.ServerReflectionResponse.Parser.ParseFrom(response.ToByteString())).ConfigureAwait(false);
        }
    }
}
