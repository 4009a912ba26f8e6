#!/usr/bin/env bash
# Installs what the build and the tests need beyond Go.
#
#   deploy/deps.sh node       ensure node + npm (Debian packages), then `npm ci` in the repo root
#                             when node_modules is missing or older than package-lock.json
#   deploy/deps.sh chromium   ensure Debian's chromium (/usr/bin/chromium) for browser tests
#
# As root, missing Debian packages are installed with apt-get; otherwise the command to run is
# printed and the script exits 1.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
PROG="deploy/deps.sh"

die() { echo "$PROG: $*" >&2; exit 1; }

usage() {
	sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

# apt_install PKG... : install Debian packages (root), or print the command and exit 1.
apt_install() {
	local cmd="apt-get install -y --no-install-recommends $*"
	if ((EUID != 0)); then
		echo "$PROG: missing Debian packages: $*. Install them as root:" >&2
		echo "  sudo sh -c 'apt-get update && DEBIAN_FRONTEND=noninteractive $cmd'" >&2
		exit 1
	fi
	# Refresh the package lists only when apt does not know a candidate for every package.
	local p need_update=0
	for p in "$@"; do
		if ! apt-cache policy "$p" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
			need_update=1
		fi
	done
	if ((need_update)); then
		echo "$PROG: apt-get update" >&2
		apt-get update -q
	fi
	echo "$PROG: $cmd" >&2
	if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"; then
		# Stale package lists point at files the mirror no longer has: refresh and try once more.
		apt-get update -q
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
	fi
}

cmd_node() {
	local missing=()
	command -v node >/dev/null 2>&1 || missing+=(nodejs)
	command -v npm >/dev/null 2>&1 || missing+=(npm)
	if ((${#missing[@]})); then
		apt_install "${missing[@]}"
	fi
	local lock="$REPO_ROOT/package-lock.json" stamp="$REPO_ROOT/node_modules/.package-lock.json"
	[[ -f $lock ]] || die "missing $lock"
	if [[ ! -f $stamp || $stamp -ot $lock || $stamp -ot $REPO_ROOT/package.json ]]; then
		echo "$PROG: npm ci" >&2
		(cd "$REPO_ROOT" && npm ci --no-audit --no-fund --loglevel=error)
	fi
}

cmd_chromium() {
	if [[ ! -x /usr/bin/chromium ]]; then
		apt_install chromium
		[[ -x /usr/bin/chromium ]] || die "chromium installed but /usr/bin/chromium is missing"
	fi
}

main() {
	(($# == 1)) || usage
	case $1 in
	node) cmd_node ;;
	chromium) cmd_chromium ;;
	*) usage ;;
	esac
}

main "$@"
