namespace LiveGrpc.Server.Streams;

/// <summary>Why a broadcast ended. Values match livegrpc.v1.EndReason; None while in progress.</summary>
public enum EndReason
{
    None = 0,
    HostStopped = 1,
    HostDisconnected = 2,
    MaxDuration = 3,
    ServerRestart = 4,
    StreamDeleted = 5,
    MediaFailure = 6,
}
