#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# deps.sh WHAT PKG=PROBE...: makes sure the Debian packages PKG are there
# for WHAT (a make target, for the messages). A package counts as present
# when dpkg says it is installed or its PROBE passes (on a system without
# dpkg the probe alone decides). PROBE is cmd:NAME (a command on PATH),
# pc:MODULE (pkg-config knows it) or file:PATH.
# Only the missing ones are named and installed: as root with apt-get,
# without recommends; otherwise the apt-get line to run is printed and the
# exit status is 1.
what=$1
shift
missing=""
for spec; do
	pkg=${spec%%=*} probe=${spec#*=}
	if command -v dpkg-query >/dev/null &&
		[ "$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null)" = installed ]; then
		continue
	fi
	case $probe in
	cmd:*) command -v "${probe#cmd:}" >/dev/null && continue ;;
	pc:*) ${PKG_CONFIG:-pkg-config} --exists "${probe#pc:}" 2>/dev/null && continue ;;
	file:*) [ -e "${probe#file:}" ] && continue ;;
	esac
	missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
missing=${missing# }

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
	echo "make $what needs these Debian packages: $missing" >&2
	if command -v apt-get >/dev/null; then
		echo "Run:" >&2
	else
		echo "No apt-get here: install their equivalents, like this on Debian:" >&2
	fi
	echo "  sudo apt-get install $missing" >&2
	exit 1
fi
echo "make $what: installing $missing"
log=$(mktemp) || exit 1
if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive \
	apt-get install -y -q --no-install-recommends $missing; } </dev/null >"$log" 2>&1; then
	cat "$log" >&2
	rm -f "$log"
	echo "make $what: apt-get install $missing failed" >&2
	exit 1
fi
rm -f "$log"
# Debian starts node_exporter as a service on port 9100; the tests run
# the binary themselves on a port of their own. A service that make just
# brought in is stopped and disabled again.
case " $missing " in
*" prometheus-node-exporter "*)
	if [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
		systemctl disable --now prometheus-node-exporter.service >/dev/null 2>&1 &&
			echo "make $what: the prometheus-node-exporter service it started is stopped and disabled (the tests run the binary)"
	fi
	;;
esac
exit 0
