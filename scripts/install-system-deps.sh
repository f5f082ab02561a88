#!/usr/bin/env bash
# System packages the tests need besides the Python ones in pyproject.toml (idempotent; Debian/Ubuntu).
#
#   virtuoso-opensource  Virtuoso, the second real triple store of tests/integration (mgo load, competency
#                        queries on a remote store). The tests start it by hand on loopback ports in a
#                        scratch folder (tests/servers.py); the package's own service is not used.
#   libapache-jena-java  Apache Jena ARQ, the third SPARQL engine the competency queries are checked on
#                        (tests/integration/test_remote.py). Debian ships the jars only (no arq/sparql
#                        scripts, and no Fuseki server: `apt-cache search fuseki` finds nothing), so the tests
#                        compile tests/jena/RunQueries.java and run every query in one JVM.
#   default-jdk-headless javac and java for that runner.
#
# Installs only what is missing; prints what it does. Needs root (or sudo) when something must be installed.
set -euo pipefail

missing=()
if command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1; then
    echo "install-system-deps: virtuoso-t found ($(command -v virtuoso-t)): nothing to install"
else
    missing+=(virtuoso-opensource)
fi

if [ -f /usr/share/java/jena-arq.jar ]; then
    echo "install-system-deps: Apache Jena found (/usr/share/java/jena-arq.jar): nothing to install"
else
    missing+=(libapache-jena-java)
fi
if command -v javac >/dev/null 2>&1 && command -v java >/dev/null 2>&1; then
    echo "install-system-deps: javac found ($(command -v javac)): nothing to install"
else
    missing+=(default-jdk-headless)
fi

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-system-deps: apt-get not found; install these packages with your system's package manager: ${missing[*]}" >&2
    exit 1
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        sudo="sudo"
    else
        echo "install-system-deps: need root to install ${missing[*]} (run as root or install sudo)" >&2
        exit 1
    fi
fi

echo "install-system-deps: apt-get update"
$sudo apt-get update -qq
echo "install-system-deps: apt-get install ${missing[*]}"
# noninteractive: the package asks for a dba password otherwise; the tests create their own database
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
# the package may start its own service on ports 1111/8890; the tests do not need it
echo "install-system-deps: installed ${missing[*]}"
