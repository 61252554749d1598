using LiveGrpc.Server.Media;

namespace LiveGrpc.Server.Extensions;

public static class MediaExtensions
{
    /// <summary>The media provider named by <c>Media:Provider</c> (only Local so far; anything else fails start-up with a clear message).</summary>
    public static IHostApplicationBuilder AddMedia(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<LocalMediaOptions>().BindConfiguration(LocalMediaOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IMediaProvider, LocalMediaProvider>();
        return builder;
    }
}
