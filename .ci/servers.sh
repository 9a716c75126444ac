#!/usr/bin/env bash
# Starts the real servers that the store tests talk to, on loopback, on free ports, with their data
# in a directory of the caller's, and stops them again.
#
#   .ci/servers.sh install                      install the Debian packages that are missing
#   .ci/servers.sh start DIR [postgres] [mariadb] [etcd]   (default: all three)
#   .ci/servers.sh stop DIR                     stop every server started in DIR (idempotent)
#
# `start` writes DIR/env: export lines that tests read, e.g.
#   NINES_TEST_POSTGRES_URL=jdbc:postgresql://127.0.0.1:PORT/nines?user=nines&password=nines
#   NINES_TEST_MARIADB_URL=jdbc:mariadb://127.0.0.1:PORT/nines?user=nines&password=nines
#   NINES_TEST_ETCD_ENDPOINTS=http://127.0.0.1:PORT
# plus NINES_TEST_<SERVER>_PORT and NINES_TEST_SERVERS_DIR=DIR. For fault tests, DIR/<server>.pid
# holds the server's pid, and DIR/<server>.start / DIR/<server>.stop restart or stop it on the same
# port with the same data. A server that cannot start is reported and left out of DIR/env (the
# tests then fail under CI=true and skip elsewhere); `start` exits non-zero in that case.
set -uo pipefail

log() { echo "servers: $*" >&2; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 40000))
    if ! port_in_use "$p"; then echo "$p"; return 0; fi
  done
  return 1
}

wait_for() { # seconds, command...
  local secs=$1; shift
  for _ in $(seq 1 $((secs * 10))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  return 1
}

apt_install() {
  for attempt in 1 2 3; do
    if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"; then
      return 0
    fi
    log "installing $* failed (attempt $attempt); retrying"
    sleep 10
  done
  return 1
}

# Prints the last lines of a server's log to stderr, so that a CI log says why a server failed.
show_log() { # file
  [ -f "$1" ] || return 0
  log "last lines of $1:"
  tail -n 25 "$1" | sed 's/^/    /' >&2
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

cmd_install() {
  local missing=()
  [ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/initdb" ] || missing+=(postgresql)
  command -v mariadbd >/dev/null || missing+=(mariadb-server mariadb-client)
  command -v etcd >/dev/null || missing+=(etcd-server)
  command -v etcdctl >/dev/null || missing+=(etcd-client)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    apt_install "${missing[@]}" || return 1
    # Where services may start, the packages just started their own servers: the tests need only the
    # binaries. Only right after installing: /etc/init.d/etcd stop kills every process running
    # /usr/bin/etcd (start-stop-daemon --exec), including the servers of other builds on this machine.
    for s in postgresql mariadb etcd; do
      if [ -x "/etc/init.d/$s" ]; then "/etc/init.d/$s" stop >/dev/null 2>&1 || true; fi
    done
  fi
  return 0
}

start_postgres() {
  local dir=$1 bin port data
  bin=$(pg_bin)
  [ -n "$bin" ] || { log "postgres: not installed"; return 1; }
  port=$(free_port) || return 1
  data="$dir/postgres"
  mkdir -p "$data" && chown postgres: "$data" && chmod 700 "$data"
  runuser -u postgres -- "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >"$dir/postgres-initdb.log" 2>&1 \
    || { log "postgres: initdb failed"; show_log "$dir/postgres-initdb.log"; return 1; }
  # fsync=off is safe here: a stopped server (-m immediate, a crash) leaves its WAL in the page cache.
  # synchronous_commit stays on: off would answer a commit before its WAL leaves the server's memory,
  # so an immediate stop would lose acknowledged commits, such as a lease's token, and reissue them.
  cat >"$dir/postgres.start" <<SCRIPT
#!/usr/bin/env bash
runuser -u postgres -- "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \\
  -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200" start >/dev/null \\
  && head -n 1 "$data/postmaster.pid" > "$dir/postgres.pid"
SCRIPT
  cat >"$dir/postgres.stop" <<SCRIPT
#!/usr/bin/env bash
[ -f "$data/postmaster.pid" ] && kill -CONT "\$(head -n 1 "$data/postmaster.pid")" 2>/dev/null
runuser -u postgres -- "$bin/pg_ctl" -D "$data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
rm -f "$dir/postgres.pid"
SCRIPT
  chmod +x "$dir/postgres.start" "$dir/postgres.stop"
  "$dir/postgres.start" || { log "postgres: start failed"; show_log "$data/server.log"; return 1; }
  runuser -u postgres -- "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres \
    -c "CREATE ROLE nines LOGIN SUPERUSER PASSWORD 'nines'" -c "CREATE DATABASE nines OWNER nines" >/dev/null \
    || { log "postgres: creating the nines role failed"; return 1; }
  {
    echo "export NINES_TEST_POSTGRES_PORT=$port"
    echo "export NINES_TEST_POSTGRES_URL='jdbc:postgresql://127.0.0.1:$port/nines?user=nines&password=nines'"
  } >>"$dir/env"
  log "postgres on 127.0.0.1:$port (data $data)"
}

start_mariadb() {
  local dir=$1 port data sock
  command -v mariadbd >/dev/null || { log "mariadb: not installed"; return 1; }
  port=$(free_port) || return 1
  data="$dir/mariadb"
  sock="$data/mariadb.sock"
  mkdir -p "$data" && chown mysql: "$data"
  mariadb-install-db --user=mysql --datadir="$data" --auth-root-authentication-method=socket \
    --skip-test-db >"$dir/mariadb-install.log" 2>&1 \
    || { log "mariadb: install-db failed"; show_log "$dir/mariadb-install.log"; return 1; }
  # innodb-flush-log-at-trx-commit=2 writes the log at every commit (no fsync): a kill -9 loses nothing
  # it acknowledged, where 0 would lose up to a second of commits.
  cat >"$dir/mariadb.start" <<SCRIPT
#!/usr/bin/env bash
nohup mariadbd --no-defaults --user=mysql --datadir="$data" --port=$port --bind-address=127.0.0.1 \\
  --socket="$sock" --pid-file="$data/mariadb.pid" --innodb-flush-log-at-trx-commit=2 \\
  --innodb-buffer-pool-size=64M --max-connections=200 --skip-log-bin >"$dir/mariadb.log" 2>&1 &
launched=\$!
for _ in \$(seq 1 600); do
  if mariadb-admin --no-defaults -S "$sock" -u root ping >/dev/null 2>&1; then
    cp "$data/mariadb.pid" "$dir/mariadb.pid"; exit 0
  fi
  kill -0 "\$launched" 2>/dev/null || exit 1
  sleep 0.1
done
exit 1
SCRIPT
  cat >"$dir/mariadb.stop" <<SCRIPT
#!/usr/bin/env bash
if [ -f "$dir/mariadb.pid" ]; then
  pid=\$(cat "$dir/mariadb.pid")
  # Only the server of this data directory: a server that died leaves its pid, which may be reused.
  if ps -p "\$pid" -o args= 2>/dev/null | grep -qF -- "$data"; then
    kill -CONT "\$pid" 2>/dev/null; kill -9 "\$pid" 2>/dev/null
    for _ in \$(seq 1 100); do kill -0 "\$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$dir/mariadb.pid"
fi
SCRIPT
  chmod +x "$dir/mariadb.start" "$dir/mariadb.stop"
  "$dir/mariadb.start" || { log "mariadb: start failed"; show_log "$dir/mariadb.log"; return 1; }
  mariadb --no-defaults -S "$sock" -u root -e \
    "CREATE DATABASE nines; CREATE USER 'nines'@'%' IDENTIFIED BY 'nines'; CREATE USER 'nines'@'localhost' IDENTIFIED BY 'nines'; GRANT ALL ON *.* TO 'nines'@'%'; GRANT ALL ON *.* TO 'nines'@'localhost';" \
    || { log "mariadb: creating the nines user failed"; return 1; }
  {
    echo "export NINES_TEST_MARIADB_PORT=$port"
    echo "export NINES_TEST_MARIADB_URL='jdbc:mariadb://127.0.0.1:$port/nines?user=nines&password=nines'"
  } >>"$dir/env"
  log "mariadb on 127.0.0.1:$port (data $data)"
}

start_etcd() {
  local dir=$1 attempt
  command -v etcd >/dev/null || { log "etcd: not installed"; return 1; }
  command -v etcdctl >/dev/null || { log "etcd: etcdctl not installed"; return 1; }
  # A free port can be taken between the check and etcd's bind: try again on fresh ports.
  for attempt in 1 2 3; do
    if start_etcd_once "$dir"; then return 0; fi
    log "etcd: start failed (attempt $attempt)"
    show_log "$dir/etcd.log"
    [ -x "$dir/etcd.stop" ] && "$dir/etcd.stop"
    rm -rf "$dir/etcd"
  done
  return 1
}

start_etcd_once() {
  local dir=$1 port peer data arch
  port=$(free_port) || return 1
  peer=$(free_port) || return 1
  while [ "$peer" = "$port" ]; do peer=$(free_port) || return 1; done
  data="$dir/etcd"
  mkdir -p "$data" && chmod 700 "$data"
  # etcd 3.4 refuses to start on architectures other than amd64 unless told that it may.
  arch=$(dpkg --print-architecture 2>/dev/null || uname -m)
  [ "$arch" = amd64 ] || [ "$arch" = x86_64 ] || export ETCD_UNSUPPORTED_ARCH="$arch"
  cat >"$dir/etcd.start" <<SCRIPT
#!/usr/bin/env bash
nohup etcd --name nines --data-dir "$data" \\
  --listen-client-urls http://127.0.0.1:$port --advertise-client-urls http://127.0.0.1:$port \\
  --listen-peer-urls http://127.0.0.1:$peer --initial-advertise-peer-urls http://127.0.0.1:$peer \\
  --initial-cluster nines=http://127.0.0.1:$peer --initial-cluster-state new \\
  --unsafe-no-fsync=true >>"$dir/etcd.log" 2>&1 &
echo \$! > "$dir/etcd.pid"
for _ in \$(seq 1 600); do
  kill -0 "\$(cat "$dir/etcd.pid")" 2>/dev/null || exit 1
  ETCDCTL_API=3 etcdctl --dial-timeout=2s --command-timeout=2s --endpoints=http://127.0.0.1:$port endpoint health >/dev/null 2>&1 && exit 0
  sleep 0.1
done
exit 1
SCRIPT
  cat >"$dir/etcd.stop" <<SCRIPT
#!/usr/bin/env bash
if [ -f "$dir/etcd.pid" ]; then
  pid=\$(cat "$dir/etcd.pid")
  # Only the server of this data directory: a server that died leaves its pid, which may be reused.
  if ps -p "\$pid" -o args= 2>/dev/null | grep -qF -- "$data"; then
    kill -CONT "\$pid" 2>/dev/null; kill -9 "\$pid" 2>/dev/null
    for _ in \$(seq 1 100); do kill -0 "\$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$dir/etcd.pid"
fi
SCRIPT
  chmod +x "$dir/etcd.start" "$dir/etcd.stop"
  "$dir/etcd.start" || return 1
  {
    echo "export NINES_TEST_ETCD_PORT=$port"
    echo "export NINES_TEST_ETCD_ENDPOINTS=http://127.0.0.1:$port"
  } >>"$dir/env"
  log "etcd on 127.0.0.1:$port (data $data)"
}

cmd_start() {
  local dir=$1; shift
  local servers=("$@")
  [ ${#servers[@]} -gt 0 ] || servers=(postgres mariadb etcd)
  mkdir -p "$dir" && chmod 755 "$dir"
  dir=$(cd "$dir" && pwd)
  grep -q NINES_TEST_SERVERS_DIR "$dir/env" 2>/dev/null || echo "export NINES_TEST_SERVERS_DIR=$dir" >>"$dir/env"
  local failed=0 s
  for s in "${servers[@]}"; do
    case "$s" in
      postgres|mariadb|etcd) "start_$s" "$dir" || failed=1 ;;
      *) log "unknown server '$s' (postgres, mariadb, etcd)"; failed=1 ;;
    esac
  done
  return $failed
}

cmd_stop() {
  local dir=$1 s
  for s in postgres mariadb etcd; do
    [ -x "$dir/$s.stop" ] && "$dir/$s.stop"
  done
  return 0
}

case "${1:-}" in
  install) cmd_install ;;
  start) [ $# -ge 2 ] || { echo "usage: $0 start DIR [postgres] [mariadb] [etcd]" >&2; exit 2; }; shift; cmd_start "$@" ;;
  stop) [ $# -ge 2 ] || { echo "usage: $0 stop DIR" >&2; exit 2; }; cmd_stop "$2" ;;
  *) echo "usage: $0 install | start DIR [postgres] [mariadb] [etcd] | stop DIR" >&2; exit 2 ;;
esac
