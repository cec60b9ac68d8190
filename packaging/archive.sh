#!/usr/bin/env bash
# Packs a built planlint into the release archive the action, the npm packages and users
# download: OUT/planlint-<target>.tar.gz (a folder planlint-<target>/ with the binary, README and
# licences) and OUT/planlint-<target>.tar.gz.sha256 (`sha256sum` format).
#
#   packaging/archive.sh <target> <binary> <out-dir>
set -euo pipefail
target=$1 binary=$2 out=$3
root=$(cd "$(dirname "$0")/.." && pwd)
name="planlint-$target"
exe=planlint
case "$target" in *windows*) exe=planlint.exe ;; esac

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name" "$out"
cp "$binary" "$stage/$name/$exe"
chmod 755 "$stage/$name/$exe"
cp "$root/README.md" "$root/LICENSE-MIT" "$root/LICENSE-APACHE" "$stage/$name/"
out=$(cd "$out" && pwd)
tar -C "$stage" -czf "$out/$name.tar.gz" "$name"
cd "$out"
if command -v sha256sum >/dev/null 2>&1; then
  sha256sum "$name.tar.gz" > "$name.tar.gz.sha256"
else
  shasum -a 256 "$name.tar.gz" > "$name.tar.gz.sha256"
fi
cat "$name.tar.gz.sha256"
