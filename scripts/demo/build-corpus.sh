#!/usr/bin/env bash
# Rebuilds the demo corpus src/main/resources/demo/corpus.jsonl.gz from the Debian package
# debian-handbook (The Debian Administrator's Handbook; see src/main/resources/demo/NOTICE.md).
# Not run by the build or the tests; the output is committed. Same package -> byte-identical output.
#
#   scripts/demo/build-corpus.sh [output]      (default: src/main/resources/demo/corpus.jsonl.gz)
#
# Needs: a JDK 17+, dpkg-deb (or ar + tar), and apt-get (Debian/Ubuntu) or curl to fetch the .deb.
# jsoup and JSON-P come from ~/.m2 (fetched through ./mvnw when missing).
set -euo pipefail

PACKAGE=debian-handbook
VERSION=11.20220922          # bookworm's version; the corpus says "modified": 2022-09-22
SHA256=3d5dbeac1f1afc9c094eab9d0f701f6ecff99c4927d5a4794cf6c85678134faa  # as in the archive's Packages index
DEB_URL="https://deb.debian.org/debian/pool/main/d/${PACKAGE}/${PACKAGE}_${VERSION}_all.deb"
# Reference language first (all of it), then at most N translated sections of two translations:
# one more Latin-script language and one non-Latin one.
LANGUAGES=(en-US de-DE:60 ja-JP:60)
JSOUP=org.jsoup:jsoup:1.16.1
JSON_API=jakarta.json:jakarta.json-api:2.1.3
JSON_IMPL=org.eclipse.parsson:parsson:1.1.7

repo="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$repo/src/main/resources/demo/corpus.jsonl.gz}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

jar_of() { # groupId:artifactId:version -> path in the local Maven repository (fetched if missing)
  local g a v path
  IFS=: read -r g a v <<<"$1"
  path="$HOME/.m2/repository/${g//.//}/$a/$v/$a-$v.jar"
  if [[ ! -f "$path" ]]; then
    (cd "$repo" && ./mvnw -q dependency:get -Dartifact="$1" -Dtransitive=false) >&2
  fi
  echo "$path"
}

started=$(date +%s)
deb="$work/${PACKAGE}_${VERSION}_all.deb"
if command -v apt-get >/dev/null && (cd "$work" && apt-get download -q "${PACKAGE}=${VERSION}") >&2; then
  :
else
  curl -fsSL -o "$deb" "$DEB_URL"
fi
if command -v sha256sum >/dev/null; then sum=(sha256sum); else sum=(shasum -a 256); fi
echo "$SHA256  $deb" | "${sum[@]}" -c --quiet - || { echo "unexpected checksum: $deb" >&2; exit 1; }

mkdir "$work/x"
if command -v dpkg-deb >/dev/null; then
  dpkg-deb -x "$deb" "$work/x"
else
  (cd "$work" && ar x "$deb" && tar -xf data.tar.* -C x)
fi

classpath="$(jar_of $JSOUP):$(jar_of $JSON_API):$(jar_of $JSON_IMPL)"
modified="${VERSION#*.}"
modified="${modified:0:4}-${modified:4:2}-${modified:6:2}"
java -cp "$classpath" "$repo/scripts/demo/BuildCorpus.java" \
  "$work/x/usr/share/doc/$PACKAGE/html" "$out" "$modified" "${LANGUAGES[@]}"
echo "built $out in $(($(date +%s) - started)) s" >&2
