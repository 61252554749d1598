#!/usr/bin/env bash
# Unary gRPC throughput and latency over h2c: Grpc.AspNetCore against a bare Kestrel endpoint
# that writes the same bytes with a grpc-status trailer, side by side in one run.
# Prints requests/s and p50/p99 latency at 1, 16 and 64 concurrent streams.
#   bench/unary.sh [requests-per-run]     (default 200000)
set -euo pipefail
cd "$(dirname "$0")/.."

requests="${1:-200000}"
if ! command -v h2load >/dev/null; then
  echo "installing h2load (Debian nghttp2-client)..." >&2
  apt-get install -y nghttp2-client >/dev/null || { apt-get update >/dev/null && apt-get install -y nghttp2-client >/dev/null; }
fi

dotnet build -c Release bench/LiveGrpc.Bench.Server -v quiet -nologo >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
dotnet bench/LiveGrpc.Bench.Server/bin/Release/net10.0/LiveGrpc.Bench.Server.dll --port "$port" >/dev/null 2>&1 &
server=$!
work=$(mktemp -d)
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done

# EchoRequest{text:"ping"} as one length-prefixed gRPC message.
printf '\x00\x00\x00\x00\x06\x0a\x04ping' > "$work/request.bin"

# h2load counts HTTP 200s; the gRPC status is in the trailers. Both targets must really answer OK.
for target in /livegrpc.bench.v1.BenchService/Echo /bare; do
  curl -s --http2-prior-knowledge -X POST -H 'content-type: application/grpc' -H 'te: trailers' \
    --data-binary @"$work/request.bin" "http://127.0.0.1:$port$target" -D "$work/h" -o /dev/null
  grep -qi 'grpc-status: 0' "$work/h" || { echo "$target did not answer grpc-status 0:"; cat "$work/h"; exit 1; }
done

# N concurrent streams as up to 4 connections of N/4 streams each, driven by up to 2 h2load
# threads: a single h2load thread saturates before Kestrel does on this 2-core machine.
run() { # path streams requests
  local log="$work/log" conns threads
  rm -f "$log"
  conns=$(( $2 < 4 ? $2 : 4 )); threads=$(( conns < 2 ? conns : 2 ))
  h2load -n "$3" -c "$conns" -m $(( $2 / conns )) -t "$threads" -d "$work/request.bin" \
    -H 'content-type: application/grpc' -H 'te: trailers' --log-file="$log" \
    "http://127.0.0.1:$port$1" > "$work/out" 2>&1
  local ok
  rps=$(grep -oP 'finished in [^,]+, \K[0-9.]+(?= req/s)' "$work/out")
  ok=$(grep -oP '\d+(?= succeeded)' "$work/out")
  # Third column of h2load's log: microseconds from request start to response end.
  read -r p50 p99 < <(cut -f3 "$log" | sort -n | awk '{a[NR]=$1} END {printf "%.2f %.2f\n", a[int(NR*0.50)]/1000, a[int(NR*0.99)]/1000}')
  printf '%-8s %8s %12s %10s %10s %10s\n' "$4" "$2" "$rps" "$p50" "$p99" "$ok/$3"
}

echo "warming up..."
# Long enough for tiered JIT to settle on both paths.
for _ in 1 2; do
  run /livegrpc.bench.v1.BenchService/Echo 64 150000 warmup >/dev/null
  run /bare 64 150000 warmup >/dev/null
done

printf '%-8s %8s %12s %10s %10s %10s\n' target streams "req/s" "p50 ms" "p99 ms" succeeded
for streams in 1 16 64; do
  n=$requests; [ "$streams" = 1 ] && n=$((requests / 10))
  run /livegrpc.bench.v1.BenchService/Echo "$streams" "$n" grpc
  [ "$streams" = 64 ] && grpc64=$rps
  run /bare "$streams" "$n" bare
  [ "$streams" = 64 ] && bare64=$rps
done
echo "ratio grpc/bare at 64 streams (target >= 0.8): $(python3 -c "print(f'{$grpc64/$bare64:.2f}')")"
