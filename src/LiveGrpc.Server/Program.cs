using LiveGrpc.Server.Extensions;
using LiveGrpc.Server.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddLiveGrpcHosting();
builder.AddStreams();
builder.AddStreamHub();

var app = builder.Build();
app.MapLiveGrpcStandardServices();
app.MapStreams();
app.MapStreamHub();
app.MapWebClient();

app.Run();

/// <summary>Entry point; public so WebApplicationFactory-based tests can host the app.</summary>
public partial class Program;
