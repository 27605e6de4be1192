#!/usr/bin/env bash
# Builds Weave, starts a throw-away local PostgreSQL (no Docker), migrates the sample migrations/
# tree into it with `weave db migrate`, shows `weave db info`, and stops the server again.
set -euo pipefail
cd "$(dirname "$0")"
mvn -q -B -Dstyle.color=never -DskipTests install
exec java -jar distribution/target/weave.jar dev quickstart --location migrations
