#!/usr/bin/env bash
# Runs the benchmark of issue 7 and writes BENCHMARKS.md at the top of the checkout: Weave against Flyway,
# neo4j-migrations and elasticsearch-evolution on real PostgreSQL, Neo4j and Elasticsearch servers started here
# (no Docker), 100 / 1,000 / 10,000 migrations per store, plus migrate-all, the fan-out over 1,000 tenant databases
# and the start of bin/weave. About 30-40 minutes on 2 cores.
#
# Extra arguments go to dev.weave.bench.BenchMain, e.g.:
#   ./bench/run.sh --sizes 100,1000 --reps 3,1 --out /tmp/b.md     a shorter run
#   ./bench/run.sh --smoke --out /tmp/b.md                          10 migrations per store, about a minute
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl bench,distribution -am install -DskipTests

# Run from a private copy of the bench classes, the Weave jars and the peer jars: another build on this machine
# may reinstall the snapshot jars in ~/.m2 or rebuild bench/target meanwhile, and a JVM whose jar is replaced
# under it fails at its next class load. Release jars from ~/.m2 are used where they are (never rewritten).
work="${WEAVE_BENCH_WORK:-${TMPDIR:-/tmp}/weave-bench}"
lib="$work/lib"
rm -rf "$lib"
mkdir -p "$lib"
cp -r bench/target/classes "$lib/classes"
entries=("$lib/classes")
IFS=: read -ra deps < bench/target/bench-classpath.txt || true  # no newline at its end
for jar in "${deps[@]}" bench/target/peer-libs/*.jar; do
    case "$jar" in
        */weave-*-SNAPSHOT.jar | */peer-libs/*) cp "$jar" "$lib/" && entries+=("$lib/$(basename "$jar")") ;;
        *) entries+=("$jar") ;;
    esac
done
classpath="$(IFS=:; echo "${entries[*]}")"
# The CLI start is timed on the real launcher of the unpacked distribution, as a user runs it.
dist="$work/dist"
rm -rf "$dist"
mkdir -p "$dist"
tar -xzf distribution/target/weave-*.tar.gz -C "$dist"
launchers=("$dist"/weave-*/bin/weave)
exec java -cp "$classpath" dev.weave.bench.BenchMain --out BENCHMARKS.md --work "$work" --classpath "$classpath" \
    --launcher "${launchers[0]}" "$@"
