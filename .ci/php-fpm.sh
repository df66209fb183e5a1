# php-fpm for the compat FastCGI tests. Meant to be SOURCED by .ci/run:
#
#   . .ci/php-fpm.sh
#   php_fpm_start          # installs php-fpm if missing, exports WEBOB_PHP_FPM_ADDR
#   trap php_fpm_stop EXIT
#
# The pool listens on a free loopback port, runs a few static workers and
# keeps its pid, log and config in a temporary directory removed on stop.

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

php_fpm_bin() {
  local b
  b=$(command -v php-fpm 2>/dev/null || true)
  if [ -z "$b" ]; then
    for b in /usr/sbin/php-fpm* /usr/local/sbin/php-fpm*; do
      [ -x "$b" ] && break
      b=""
    done
  fi
  printf '%s' "$b"
}

php_fpm_start() {
  local bin port i
  bin=$(php_fpm_bin)
  if [ -z "$bin" ]; then
    echo "== installing php-fpm"
    ci_apt_install php-fpm
    bin=$(php_fpm_bin)
    if [ -z "$bin" ]; then echo "php-fpm: installation failed" >&2; return 1; fi
  fi
  port=$(ci_free_port) || { echo "php-fpm: no free port" >&2; return 1; }
  PHP_FPM_DIR=$(mktemp -d)
  cat >"$PHP_FPM_DIR/php-fpm.conf" <<EOF
[global]
pid = $PHP_FPM_DIR/php-fpm.pid
error_log = $PHP_FPM_DIR/error.log
daemonize = no

[webob]
listen = 127.0.0.1:$port
pm = static
pm.max_children = 6
catch_workers_output = yes
clear_env = yes
request_terminate_timeout = 60s
EOF
  local asroot=""
  [ "$(id -u)" -eq 0 ] && asroot="--allow-to-run-as-root"
  "$bin" --nodaemonize --fpm-config "$PHP_FPM_DIR/php-fpm.conf" $asroot >"$PHP_FPM_DIR/stdout.log" 2>&1 &
  PHP_FPM_PID=$!
  for i in $(seq 1 200); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      export WEBOB_PHP_FPM_ADDR="127.0.0.1:$port"
      echo "== php-fpm ($bin) on $WEBOB_PHP_FPM_ADDR"
      return 0
    fi
    if ! kill -0 "$PHP_FPM_PID" 2>/dev/null; then break; fi
    sleep 0.1
  done
  echo "php-fpm did not start within 20 s:" >&2
  cat "$PHP_FPM_DIR/stdout.log" "$PHP_FPM_DIR/error.log" >&2 2>/dev/null || true
  php_fpm_stop
  return 1
}

php_fpm_stop() {
  ci_stop "${PHP_FPM_PID:-}" "${PHP_FPM_DIR:-}"
  PHP_FPM_PID=""
  PHP_FPM_DIR=""
}
