#!/usr/bin/env bash
# Private PostgreSQL clusters for development and tests (no Docker, no system cluster).
#
#   deploy/pg.sh start    DIR [--fast]   initdb if needed, start (idempotent; --fast: fsync etc. off)
#   deploy/pg.sh stop     DIR            stop if running (exit 0 when not running / never created)
#   deploy/pg.sh status   DIR            exit 0 when running, 3 when not
#   deploy/pg.sh reset    DIR            stop and delete DIR entirely
#   deploy/pg.sh url      DIR DBNAME     print a pgx connection URL (pure computation)
#   deploy/pg.sh createdb DIR DBNAME     create database DBNAME if missing (cluster must run)
#
# DIR (e.g. .data/dev, .data/test) is resolved against the repository root when relative.
# Layout: DIR/pgdata (cluster), DIR/postgres.log, DIR/run (unix socket; or /tmp/hnizdo-pg-<hash>
# when DIR/run would make the socket path too long). Only a unix socket is used, never TCP.
# Environment: HNIZDO_PG_OPTS  extra postgres options for start, e.g. "-c max_connections=200".
# When run as root, the cluster belongs to the OS user "postgres" (Postgres refuses root).
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
PROG="deploy/pg.sh"

die() { echo "$PROG: $*" >&2; exit 1; }

usage() {
	sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

# abs_dir DIR -> canonical absolute path (DIR need not exist).
abs_dir() {
	local d=$1
	[[ -n $d ]] || die "DIR must not be empty"
	[[ $d == /* ]] || d="$REPO_ROOT/$d"
	realpath -m -- "$d"
}

hash_of() { printf '%s' "$1" | sha256sum | cut -c1-12; }

# Paths derived from the absolute DIR; identical for every subcommand (url is pure computation).
setup_paths() {
	ABS=$(abs_dir "$1")
	case $ABS in
	*[\'\"\ \\]*) die "DIR must not contain quotes, spaces or backslashes: $ABS" ;;
	esac
	HASH=$(hash_of "$ABS")
	PGDATA="$ABS/pgdata"
	LOGFILE="$ABS/postgres.log"
	# A unix socket path (SOCKDIR/.s.PGSQL.5432) must fit in 107 bytes.
	if ((${#ABS} + 4 > 80)); then
		SOCKDIR="/tmp/hnizdo-pg-$HASH"
	else
		SOCKDIR="$ABS/run"
	fi
	LOCKFILE="/tmp/hnizdo-pg-$HASH.flock"
}

# Serialise start/stop/reset of one cluster (parallel make targets).
lock() {
	exec 9>"$LOCKFILE"
	flock -w 120 9 || die "timed out waiting for $LOCKFILE"
}

find_bindir() {
	local d best="" bestv=0 v
	for d in /usr/lib/postgresql/*/bin; do
		[[ -x $d/pg_ctl && -x $d/initdb && -x $d/postgres ]] || continue
		v=$(basename "$(dirname "$d")")
		v=${v%%.*}
		[[ $v =~ ^[0-9]+$ ]] || continue
		if ((v > bestv)); then bestv=$v best=$d; fi
	done
	printf '%s' "$best"
}

ensure_binaries() {
	# An existing cluster needs the major version that created it.
	local v
	if [[ -r $PGDATA/PG_VERSION ]]; then
		v=$(<"$PGDATA/PG_VERSION")
		if [[ -x /usr/lib/postgresql/$v/bin/pg_ctl ]]; then
			BINDIR=/usr/lib/postgresql/$v/bin
			return 0
		fi
	fi
	BINDIR=$(find_bindir)
	if [[ -z $BINDIR ]]; then
		local cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql"
		if ((EUID == 0)); then
			echo "$PROG: installing PostgreSQL server: $cmd" >&2
			apt-get update
			DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql
			BINDIR=$(find_bindir)
			[[ -n $BINDIR ]] || die "PostgreSQL installed but no /usr/lib/postgresql/*/bin found"
		else
			echo "$PROG: PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin). Install them as root:" >&2
			echo "  sudo sh -c '$cmd'" >&2
			exit 1
		fi
	fi
}

# The OS user that runs the server: "postgres" when we are root, else ourselves.
server_user() {
	if ((EUID == 0)); then echo postgres; else id -un; fi
}

ensure_postgres_user() {
	((EUID == 0)) || return 0
	if ! id -u postgres >/dev/null 2>&1; then
		echo "$PROG: creating OS user postgres" >&2
		useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
	fi
}

# as_server CMD... : run CMD as the server user, from / (the server user may not read our cwd),
# without our lock descriptor (the postmaster would inherit it and hold the lock forever).
as_server() {
	if ((EUID == 0)); then
		(cd / && runuser -u postgres -- "$@" 9>&-)
	else
		(cd / && "$@" 9>&-)
	fi
}

# running: is the postmaster for PGDATA alive? (checks the pid file against /proc; fast, and
# not fooled by a stale postmaster.pid whose PID was reused by another process after a reboot)
running() {
	local pidfile="$PGDATA/postmaster.pid" pid datadir comm
	[[ -r $pidfile ]] || return 1
	{ read -r pid && read -r datadir; } <"$pidfile" || return 1
	[[ $pid =~ ^[0-9]+$ ]] || return 1
	[[ -d /proc/$pid ]] || return 1
	comm=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
	[[ $comm == postgres || $comm == postmaster ]] || return 1
	# The postmaster's working directory is its data directory; this also tells a reused PID
	# of another cluster's postmaster apart. Fall back to the pid file when /proc is not readable.
	local cwd
	cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null) || cwd=$datadir
	[[ $(realpath -m -- "$cwd") == $(realpath -m -- "$PGDATA") ]]
}

# Remove leftovers of a server that is not running (after a crash or reboot).
clean_stale() {
	if [[ -e $PGDATA/postmaster.pid ]]; then
		echo "$PROG: removing stale $PGDATA/postmaster.pid" >&2
		rm -f "$PGDATA/postmaster.pid"
	fi
	rm -f "$SOCKDIR/.s.PGSQL."*
}

# Can the server user reach DIR? (e.g. not when the repo lives under /root with mode 700)
check_reachable() {
	((EUID == 0)) || return 0
	local d=$ABS
	while [[ ! -e $d ]]; do d=$(dirname "$d"); done
	if ! runuser -u postgres -- test -x "$d"; then
		die "the OS user postgres cannot reach $d (a parent directory is not searchable by others);
  put the repository (or DIR) under a path like /work or /srv, or: chmod o+x on its parent directories"
	fi
}

do_init() {
	local user
	user=$(server_user)
	mkdir -p "$ABS"
	check_reachable
	if ((EUID != 0)) && [[ -e $PGDATA && ! -O $PGDATA ]]; then
		die "$PGDATA belongs to $(stat -c %U "$PGDATA"), not to $user; run as root or use another DIR"
	fi
	if [[ ! -s $PGDATA/PG_VERSION ]]; then
		rm -rf "$PGDATA"
		mkdir -m 700 "$PGDATA"
		((EUID == 0)) && chown postgres:postgres "$PGDATA"
		echo "$PROG: initdb $PGDATA" >&2
		if ! as_server "$BINDIR/initdb" --pgdata="$PGDATA" --username=postgres --auth=trust \
			--encoding=UTF8 --locale=C.UTF-8 --no-sync >"$ABS/initdb.log" 2>&1; then
			cat "$ABS/initdb.log" >&2
			rm -rf "$PGDATA"
			die "initdb failed"
		fi
	fi
	mkdir -p "$SOCKDIR"
	# Only the cluster owner (and root) may reach the socket: the cluster trusts every local connection.
	chmod 700 "$SOCKDIR"
	touch "$LOGFILE"
	if ((EUID == 0)); then
		chown postgres:postgres "$SOCKDIR" "$LOGFILE"
	fi
}

cmd_start() {
	local fast=0 arg
	for arg in "$@"; do
		case $arg in
		--fast) fast=1 ;;
		*) die "start: unknown option $arg" ;;
		esac
	done
	running && return 0 # fast path, no lock needed
	lock
	running && return 0
	ensure_binaries
	ensure_postgres_user
	do_init
	clean_stale
	local opts="-c listen_addresses='' -c unix_socket_directories='$SOCKDIR' -c unix_socket_permissions=0700"
	if ((fast)); then
		opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	fi
	if [[ -n ${HNIZDO_PG_OPTS:-} ]]; then
		opts+=" $HNIZDO_PG_OPTS"
	fi
	if ! as_server "$BINDIR/pg_ctl" start --pgdata="$PGDATA" --log="$LOGFILE" --wait --timeout=60 \
		--silent -o "$opts"; then
		echo "$PROG: pg_ctl start failed; last lines of $LOGFILE:" >&2
		tail -n 20 "$LOGFILE" >&2 || true
		exit 1
	fi
}

cmd_stop() {
	[[ -d $PGDATA ]] || return 0
	lock
	if ! running; then
		return 0
	fi
	ensure_binaries
	as_server "$BINDIR/pg_ctl" stop --pgdata="$PGDATA" --mode=fast --wait --timeout=60 --silent
}

cmd_status() {
	if running; then
		echo "running: $PGDATA (socket dir $SOCKDIR)"
		return 0
	fi
	echo "not running: $PGDATA"
	return 3
}

cmd_reset() {
	# Refuse to delete the repository itself or anything above it.
	case "$REPO_ROOT/" in
	"$ABS"/*) die "reset: refusing to delete $ABS (it contains the repository)" ;;
	esac
	[[ $ABS != / && $ABS != "${HOME:-/}" ]] || die "reset: refusing to delete $ABS"
	cmd_stop
	lock
	rm -rf -- "$ABS"
	if [[ $SOCKDIR == /tmp/hnizdo-pg-* ]]; then rm -rf -- "$SOCKDIR"; fi
	rm -f -- "$LOCKFILE" "/tmp/hnizdo-pg-$HASH.lock"
}

# Percent-encode everything except unreserved characters and '/'.
urlencode() {
	local s=$1 out="" c i
	for ((i = 0; i < ${#s}; i++)); do
		c=${s:i:1}
		case $c in
		[A-Za-z0-9/._~-]) out+=$c ;;
		*) out+=$(printf '%%%02X' "'$c") ;;
		esac
	done
	printf '%s' "$out"
}

check_dbname() {
	[[ $1 =~ ^[A-Za-z_][A-Za-z0-9_]{0,62}$ ]] ||
		die "database name must match [A-Za-z_][A-Za-z0-9_]* (max 63 chars): '$1'"
}

cmd_url() {
	check_dbname "$1"
	printf 'postgres://postgres@/%s?host=%s&sslmode=disable\n' "$1" "$(urlencode "$SOCKDIR")"
}

cmd_createdb() {
	local db=$1 exists
	check_dbname "$db"
	running || die "cluster $PGDATA is not running (run: $PROG start ${DIR_ARG})"
	ensure_binaries
	local psql=("$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCKDIR" -U postgres -d postgres)
	exists=$("${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")
	if [[ $exists != 1 ]]; then
		# Tolerate a concurrent creator.
		if ! out=$("${psql[@]}" -c "CREATE DATABASE \"$db\"" 2>&1); then
			[[ $out == *"already exists"* ]] || die "createdb $db failed: $out"
		fi
	fi
}

main() {
	(($# >= 2)) || usage
	local cmd=$1
	DIR_ARG=$2
	shift 2
	setup_paths "$DIR_ARG"
	case $cmd in
	start) cmd_start "$@" ;;
	stop) (($# == 0)) || usage; cmd_stop ;;
	status) (($# == 0)) || usage; cmd_status ;;
	reset) (($# == 0)) || usage; cmd_reset ;;
	url) (($# == 1)) || usage; cmd_url "$1" ;;
	createdb) (($# == 1)) || usage; cmd_createdb "$1" ;;
	*) usage ;;
	esac
}

main "$@"
