# redis-server for the sessions/redisstore tests. Meant to be SOURCED by
# .ci/run:
#
#   . .ci/redis.sh
#   redis_start            # installs redis-server if missing, exports WEBOB_REDIS_ADDR
#   trap redis_stop EXIT
#
# The server listens on a free loopback port, without persistence, and keeps
# its log and working directory in a temporary directory removed on stop.

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

redis_ping() {
  # Succeeds when the server on port $1 answers PING with PONG.
  if command -v redis-cli >/dev/null 2>&1; then
    [ "$(redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)" = "PONG" ]
    return
  fi
  local reply
  reply=$( (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'PING\r\n' >&3 && timeout 1 head -c 5 <&3) 2>/dev/null) || return 1
  [ "$reply" = "+PONG" ]
}

redis_start() {
  local port i
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "== installing redis-server"
    ci_apt_install redis-server
    if ! command -v redis-server >/dev/null 2>&1; then echo "redis-server: installation failed" >&2; return 1; fi
  fi
  port=$(ci_free_port) || { echo "redis-server: no free port" >&2; return 1; }
  REDIS_DIR=$(mktemp -d)
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
    --daemonize no --dir "$REDIS_DIR" --logfile "$REDIS_DIR/redis.log" >/dev/null 2>&1 &
  REDIS_PID=$!
  for i in $(seq 1 200); do
    if redis_ping "$port"; then
      export WEBOB_REDIS_ADDR="127.0.0.1:$port"
      echo "== redis-server ($(redis-server --version | cut -d' ' -f3)) on $WEBOB_REDIS_ADDR"
      return 0
    fi
    if ! kill -0 "$REDIS_PID" 2>/dev/null; then break; fi
    sleep 0.1
  done
  echo "redis-server did not start within 20 s:" >&2
  cat "$REDIS_DIR/redis.log" >&2 2>/dev/null || true
  redis_stop
  return 1
}

redis_stop() {
  ci_stop "${REDIS_PID:-}" "${REDIS_DIR:-}"
  REDIS_PID=""
  REDIS_DIR=""
}
