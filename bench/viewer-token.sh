#!/usr/bin/env bash
# CreateViewerToken over h2c at 64 concurrent streams: calls/s and p50/p99, with h2load.
# Starts LiveGrpc.Server (Release) on free ports with a fresh data directory and the per-IP
# issuance rate limit raised (the limit protects production; here it would measure itself).
#   bench/viewer-token.sh [requests]     (default 200000)
set -euo pipefail
cd "$(dirname "$0")/.."

requests="${1:-200000}"
command -v h2load >/dev/null || apt-get install -y nghttp2-client >/dev/null \
  || { apt-get update >/dev/null && apt-get install -y nghttp2-client >/dev/null; }

dotnet build -c Release src/LiveGrpc.Server -v quiet -nologo >/dev/null
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
grpc=$(free_port); web=$(free_port)
work=$(mktemp -d)
dotnet src/LiveGrpc.Server/bin/Release/net10.0/LiveGrpc.Server.dll \
  --Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:$grpc --Kestrel:Endpoints:Grpc:Protocols=Http2 \
  --Kestrel:Endpoints:Web:Url=http://127.0.0.1:$web --Storage:DataDirectory="$work/data" \
  --Tokens:IssuancePermitsPerSecond=1000000 --Tokens:IssuanceBurst=1000000 \
  --Logging:LogLevel:Default=Warning > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 150); do grep -q "LiveGrpc is up" "$work/server.log" && break; sleep 0.2; done
grep -q "LiveGrpc is up" "$work/server.log" || { echo "the server did not start:"; cat "$work/server.log"; exit 1; }

# CreateStream{stream:{title:"bench"}}, framed; the stream id is field 1 of the returned Stream.
printf '\x00\x00\x00\x00\x09\x0a\x07\x12\x05bench' > "$work/create.bin"
curl -s --http2-prior-knowledge -X POST -H 'content-type: application/grpc' -H 'te: trailers' \
  --data-binary @"$work/create.bin" "http://127.0.0.1:$grpc/livegrpc.v1.StreamService/CreateStream" -o "$work/created.bin"
stream_id=$(python3 - "$work/created.bin" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()[5:]
def fields(buf):
    i = 0
    while i < len(buf):
        key = 0; shift = 0
        while True:
            b = buf[i]; i += 1; key |= (b & 0x7f) << shift; shift += 7
            if b < 0x80: break
        if key & 7 == 2:
            n = 0; shift = 0
            while True:
                b = buf[i]; i += 1; n |= (b & 0x7f) << shift; shift += 7
                if b < 0x80: break
            yield key >> 3, buf[i:i+n]; i += n
        elif key & 7 == 0:
            while buf[i] >= 0x80: i += 1
            i += 1
        else:
            raise SystemExit('unexpected wire type')
stream = dict(fields(data))[1]
print(dict(fields(stream))[1].decode())
PY
)
echo "stream: $stream_id"

# CreateViewerTokenRequest{stream_id}
python3 - "$stream_id" "$work/token.bin" <<'PY'
import sys, struct
sid = sys.argv[1].encode()
msg = b'\x0a' + bytes([len(sid)]) + sid
open(sys.argv[2], 'wb').write(b'\x00' + struct.pack('>I', len(msg)) + msg)
PY

run() { # streams requests label
  rm -f "$work/log"
  # 64 streams as 4 connections x 16, two h2load threads (one thread saturates first).
  h2load -n "$2" -c 4 -m $(( $1 / 4 )) -t 2 -d "$work/token.bin" \
    -H 'content-type: application/grpc' -H 'te: trailers' --log-file="$work/log" \
    "http://127.0.0.1:$grpc/livegrpc.v1.TokenService/CreateViewerToken" > "$work/out" 2>&1
  rps=$(grep -oP 'finished in [^,]+, \K[0-9.]+(?= req/s)' "$work/out")
  ok=$(grep -oP '\d+(?= succeeded)' "$work/out")
  read -r p50 p99 < <(cut -f3 "$work/log" | sort -n | awk '{a[NR]=$1} END {printf "%.2f %.2f\n", a[int(NR*0.50)]/1000, a[int(NR*0.99)]/1000}')
  printf '%-8s %8s %12s %10s %10s %14s\n' "$3" "$1" "$rps" "$p50" "$p99" "$ok/$2"
}

# Every response must really be a token, not a trailers-only error.
curl -s --http2-prior-knowledge -X POST -H 'content-type: application/grpc' -H 'te: trailers' \
  --data-binary @"$work/token.bin" "http://127.0.0.1:$grpc/livegrpc.v1.TokenService/CreateViewerToken" -D "$work/h" -o "$work/t.bin"
grep -qi 'grpc-status: 0' "$work/h" || { echo "CreateViewerToken failed:"; cat "$work/h"; exit 1; }
echo "token response: $(stat -c %s "$work/t.bin") bytes"

echo "warming up (tiered JIT settles after ~200k calls)..."; run 64 150000 warmup >/dev/null; run 64 150000 warmup >/dev/null
printf '%-8s %8s %12s %10s %10s %14s\n' call streams "calls/s" "p50 ms" "p99 ms" succeeded
run 64 "$requests" token

# h2load counts HTTP 200s; the gRPC status is in the trailers. The server's own metrics say
# how many calls really ended OK.
curl -s "http://127.0.0.1:$web/metrics" | grep -E '^rpc_server_duration_milliseconds_count\{.*CreateViewerToken' \
  | sed -E 's/.*rpc_grpc_status_code="([0-9]+)".* ([0-9]+)$/server-side: grpc-status \1 x \2/'
