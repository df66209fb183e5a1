# Helpers shared by the server scripts (.ci/redis.sh, .ci/php-fpm.sh).
# Meant to be SOURCED.

ci_free_port() {
  # A random loopback port nothing answers on (bash cannot ask the kernel
  # for one).
  local p i
  for i in $(seq 1 50); do
    p=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      printf '%s' "$p"; return 0
    fi
  done
  return 1
}

ci_apt_install() {
  # Installs Debian packages (apt-get update first), as root or with sudo.
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ci_stop() {
  # ci_stop PID DIR: stops a server started in the background and removes
  # its temporary directory. Either may be empty.
  if [ -n "${1:-}" ]; then
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
  fi
  if [ -n "${2:-}" ]; then
    rm -rf "$2"
  fi
}
