namespace LiveGrpc.Server.Media;

/// <summary>What a client needs to reach a stream's media; one subtype per provider.</summary>
public abstract record MediaAccess(MediaProviderKind Provider);
