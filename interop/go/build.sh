#!/usr/bin/env bash
# Builds natsgo-interop with Debian's Go toolchain and nats.go (GOPATH mode, no module download:
# the machine has no access to the Go proxy). Usage: build.sh [OUTPUT_DIR]; default interop/go/bin
# (ignored by git). Prints the path of the binary. Exits 3 when go or nats.go is missing, saying
# what to install, so callers can tell "cannot build here" from "broken".
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/bin}
gopath=${NATSGO_GOPATH:-/usr/share/gocode}
if ! command -v go >/dev/null 2>&1; then
  echo "go not found: apt-get install golang-go golang-github-nats-io-go-nats-dev" >&2
  exit 3
fi
if [ ! -d "$gopath/src/github.com/nats-io/nats.go" ]; then
  echo "nats.go not found under $gopath: apt-get install golang-github-nats-io-go-nats-dev" >&2
  exit 3
fi
mkdir -p "$out"
bin="$out/natsgo-interop"
if [ ! -x "$bin" ] || [ "$here/natsgo-interop/main.go" -nt "$bin" ]; then
  (cd "$here/natsgo-interop" && GO111MODULE=off GOPATH="$gopath" GOFLAGS= \
    GOCACHE="${GOCACHE:-${TMPDIR:-/tmp}/weft-natsgo-interop-gocache}" go build -o "$bin" .)
fi
echo "$bin"
