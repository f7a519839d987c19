#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests, in a temporary directory.
#
#   eval "$(bash scripts/pg_cluster.sh start)"   # sets HONOURDESK_PG_DIR and HONOURDESK_TEST_DATABASE_URL
#   bash scripts/pg_cluster.sh url [DIR]         # prints the URL again
#   bash scripts/pg_cluster.sh stop [DIR]        # stops the server and removes the directory
#
# start installs Debian's postgresql package when no server binaries are found, runs initdb as a
# non-root user (as root: the "postgres" system user, created if missing), starts the server on a free
# port of 127.0.0.1 (and a unix socket in the directory) with fsync off, and creates a login role that
# owns an empty database. The URL, postgresql+psycopg://USER@127.0.0.1:PORT/DB, is also written to
# DIR/url. Connections are trusted (no password): the server is only for tests on this machine.
# DIR defaults to $HONOURDESK_PG_DIR for url and stop; start makes a new one under $TMPDIR (or /tmp).
set -euo pipefail

SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/common.sh
source "$SCRIPTS/common.sh"

TEST_ROLE="honourdesk"
TEST_DATABASE="honourdesk_test"
MARKER=".honourdesk-pg-cluster"   # stop removes only a directory that start made
STARTED=""

die() {
  echo "pg_cluster: $*" >&2
  exit 1
}

# The newest server binaries Debian's packages installed, e.g. /usr/lib/postgresql/15/bin.
find_bindir() {
  local initdb
  initdb=$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/initdb' 2>/dev/null | sort -V | tail -n 1)
  [ -n "$initdb" ] && dirname "$initdb"
}

# The user that owns and runs the server: ourselves, or as root a system user (initdb refuses root).
server_user() {
  if [ "$(id -u)" -ne 0 ]; then
    id -un
    return
  fi
  if ! id postgres >/dev/null 2>&1; then
    useradd --system --user-group --home-dir /nonexistent --shell /usr/sbin/nologin postgres
  fi
  echo postgres
}

# Runs a command as the server's user, from the cluster directory (the caller's may be unreadable to it).
as_server_user() {
  local user="$1"
  shift
  if [ "$(id -un)" = "$user" ]; then
    (cd "$CLUSTER_DIR" && "$@")
  else
    (cd "$CLUSTER_DIR" && runuser -u "$user" -- "$@")
  fi
}

# A TCP port on 127.0.0.1 that nothing listens on (bash's /dev/tcp connects when something does).
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (: </dev/tcp/127.0.0.1/"$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  die "找不到空闲端口"
}

start() {
  local bindir
  bindir=$(find_bindir || true)
  if [ -z "$bindir" ]; then
    ensure_debian_packages postgresql
    bindir=$(find_bindir || true)
    [ -n "$bindir" ] || die "没有找到 PostgreSQL 服务器程序（/usr/lib/postgresql/*/bin/initdb），请安装 postgresql 软件包"
  fi
  local user
  user=$(server_user)

  CLUSTER_DIR=$(mktemp -d "${TMPDIR:-/tmp}/honourdesk-pg.XXXXXX")
  touch "$CLUSTER_DIR/$MARKER"
  # A start that fails halfway leaves no server and no directory behind.
  trap '[ -n "$STARTED" ] || stop "$CLUSTER_DIR" >/dev/null 2>&1 || true' EXIT
  echo "$bindir" >"$CLUSTER_DIR/bindir"
  if [ "$(id -un)" != "$user" ]; then
    chown -R "$user": "$CLUSTER_DIR"
    runuser -u "$user" -- test -w "$CLUSTER_DIR" \
      || die "用户 $user 无法写入 $CLUSTER_DIR（请把 TMPDIR 设为它能访问的目录）"
  fi

  as_server_user "$user" "$bindir/initdb" --pgdata="$CLUSTER_DIR/data" --username=postgres \
    --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$CLUSTER_DIR/initdb.log" 2>&1 \
    || die "initdb 失败：$(cat "$CLUSTER_DIR/initdb.log")"

  # The random port may be taken between the check and the start: try a few.
  local port started=""
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    if as_server_user "$user" "$bindir/pg_ctl" --pgdata="$CLUSTER_DIR/data" --log="$CLUSTER_DIR/server.log" \
      --wait --timeout=60 --silent start \
      --options="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$CLUSTER_DIR' \
-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null; then
      started=1
      break
    fi
  done
  [ -n "$started" ] || die "服务器没有启动：$(tail -n 20 "$CLUSTER_DIR/server.log")"

  as_server_user "$user" "$bindir/psql" --quiet --no-psqlrc --set=ON_ERROR_STOP=1 \
    --host="$CLUSTER_DIR" --port="$port" --username=postgres --dbname=postgres \
    --command="CREATE ROLE $TEST_ROLE LOGIN" \
    --command="CREATE DATABASE $TEST_DATABASE OWNER $TEST_ROLE" >/dev/null

  local url="postgresql+psycopg://$TEST_ROLE@127.0.0.1:$port/$TEST_DATABASE"
  echo "$url" >"$CLUSTER_DIR/url"
  STARTED=1
  echo "PostgreSQL $(basename "$(dirname "$bindir")") 已在 $CLUSTER_DIR 启动：$url" >&2
  printf 'export HONOURDESK_PG_DIR=%q\n' "$CLUSTER_DIR"
  printf 'export HONOURDESK_TEST_DATABASE_URL=%q\n' "$url"
}

cluster_dir_arg() {
  CLUSTER_DIR="${1:-${HONOURDESK_PG_DIR:-}}"
  [ -n "$CLUSTER_DIR" ] || die "请给出集群目录（或设置 HONOURDESK_PG_DIR）"
}

stop() {
  cluster_dir_arg "$@"
  [ -e "$CLUSTER_DIR" ] || return 0
  [ -f "$CLUSTER_DIR/$MARKER" ] || die "$CLUSTER_DIR 不是 pg_cluster.sh 建立的目录，不删除"
  if [ -f "$CLUSTER_DIR/data/postmaster.pid" ]; then
    local user
    user=$(stat -c %U "$CLUSTER_DIR/data")
    as_server_user "$user" "$(cat "$CLUSTER_DIR/bindir")/pg_ctl" --pgdata="$CLUSTER_DIR/data" \
      --wait --timeout=60 --silent --mode=fast stop || true
  fi
  rm -rf "$CLUSTER_DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${@:2}" ;;
  url)
    cluster_dir_arg "${@:2}"
    cat "$CLUSTER_DIR/url"
    ;;
  *)
    echo "用法：$0 start | url [DIR] | stop [DIR]" >&2
    exit 2
    ;;
esac
