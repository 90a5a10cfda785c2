# Sourced by ./mvnw and the scripts in bin/: makes JAVA_HOME point at a JDK 21 or newer.
# Weft's baseline is Java 21, but machines often default to an older `java` (17 here) with a
# newer JDK installed beside it. A JAVA_HOME that already points at 21+ is always kept.

weft_jdk_major() {
  # Prints the feature version of the JDK at $1, or nothing if $1 is not a JDK.
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  _v=""
  if [ -f "$1/release" ]; then
    _v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$1/release" | head -n 1)
  fi
  if [ -z "$_v" ]; then
    _v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  _v=${_v#1.}
  printf '%s\n' "${_v%%[.+-]*}"
}

weft_find_jdk() {
  if [ -n "${JAVA_HOME-}" ]; then
    _m=$(weft_jdk_major "$JAVA_HOME")
    if [ -n "$_m" ] && [ "$_m" -ge 21 ] 2>/dev/null; then return 0; fi
    echo "weft: JAVA_HOME=$JAVA_HOME is not a JDK 21+; looking for one" >&2
  fi
  _best="" _bestm=0 _globs_off=0
  case $- in *f*) _globs_off=1; set +f ;; esac
  _onpath=$(command -v javac 2>/dev/null || true)
  [ -z "$_onpath" ] || _onpath=$(dirname "$(dirname "$(readlink -f "$_onpath")")")
  for _c in "$_onpath" /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /opt/*/jdk* \
            "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -n "$_c" ] && [ -d "$_c" ] || continue
    _m=$(weft_jdk_major "$_c")
    [ -n "$_m" ] || continue
    if [ "$_m" -ge 21 ] 2>/dev/null && [ "$_m" -gt "$_bestm" ]; then _best=$_c _bestm=$_m; fi
  done
  [ "$_globs_off" = 0 ] || set -f
  if [ -z "$_best" ]; then
    echo "weft: no JDK 21 or newer found. Install one (e.g. apt-get install openjdk-21-jdk) or set JAVA_HOME to it." >&2
    exit 1
  fi
  JAVA_HOME=$(readlink -f "$_best")
  export JAVA_HOME
}

weft_find_jdk
