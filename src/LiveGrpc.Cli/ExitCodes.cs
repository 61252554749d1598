using Grpc.Core;

namespace LiveGrpc.Cli;

/// <summary>
/// Process exit codes, one per class of failure, so a script can tell "fix your input" from
/// "the server is down, retry later" without parsing messages. Documented in `livegrpc --help`.
/// </summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>An unexpected failure: INTERNAL, UNKNOWN, UNIMPLEMENTED, DATA_LOSS, or a fault in the CLI itself.</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong; nothing was sent.</summary>
    public const int Usage = 2;

    /// <summary>NOT_FOUND: no such stream.</summary>
    public const int NotFound = 3;

    /// <summary>UNAUTHENTICATED or PERMISSION_DENIED: a missing or wrong host secret, passcode or invite.</summary>
    public const int Auth = 4;

    /// <summary>The server refused the request as it stands: INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE, ALREADY_EXISTS, ABORTED.</summary>
    public const int Rejected = 5;

    /// <summary>UNAVAILABLE or DEADLINE_EXCEEDED: the server could not be reached or answered too late; retrying may help.</summary>
    public const int Unavailable = 6;

    /// <summary>RESOURCE_EXHAUSTED: rate limited or over a limit; retry later.</summary>
    public const int RateLimited = 7;

    /// <summary>Ctrl-C ended a one-shot command before it finished (the shell convention 128 + SIGINT).</summary>
    public const int Interrupted = 130;

    public static int ForStatus(StatusCode code) => code switch
    {
        StatusCode.OK => Ok,
        StatusCode.NotFound => NotFound,
        StatusCode.Unauthenticated or StatusCode.PermissionDenied => Auth,
        StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.OutOfRange
            or StatusCode.AlreadyExists or StatusCode.Aborted => Rejected,
        StatusCode.Unavailable or StatusCode.DeadlineExceeded => Unavailable,
        StatusCode.ResourceExhausted => RateLimited,
        StatusCode.Cancelled => Interrupted,
        _ => Failure,
    };

    /// <summary>The table shown at the end of `livegrpc --help`.</summary>
    public const string HelpText =
        """
        Exit codes:
          0    success
          1    unexpected failure (INTERNAL, UNKNOWN, UNIMPLEMENTED, DATA_LOSS)
          2    bad command line; nothing was sent
          3    NOT_FOUND
          4    UNAUTHENTICATED or PERMISSION_DENIED (host secret, passcode or invite)
          5    request refused (INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE, ALREADY_EXISTS, ABORTED)
          6    server unreachable or too slow (UNAVAILABLE, DEADLINE_EXCEEDED)
          7    rate limited (RESOURCE_EXHAUSTED)
          130  interrupted by Ctrl-C
        """;
}
