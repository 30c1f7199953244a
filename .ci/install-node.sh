#!/usr/bin/env bash
# Usage: .ci/install-node.sh MAJOR
# Installs the newest official Node.js build of that major from the npm registry (the node-<os>-<arch>
# packages carry the official binaries and, in include/, the headers native addons build against) into a cache
# folder outside the clone, and prints the folder: its bin/ goes first on PATH, and npm_config_nodedir points at
# it so better-sqlite3 compiles for that Node. Reuses the cached build when the registry cannot be reached.
set -euo pipefail
major=${1:?usage: install-node.sh MAJOR}
cache="${KMS_LOGS_API_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kms-logs-api}/node"
case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) echo "install-node: unsupported OS $(uname -s)" >&2; exit 1 ;; esac
case "$(uname -m)" in x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) echo "install-node: unsupported CPU $(uname -m)" >&2; exit 1 ;; esac
pkg="node-$os-$arch"
mkdir -p "$cache"

# the newest version of that major on the registry (npm view lists them unordered)
version=$(npm view "$pkg@$major" version --json 2>/dev/null | node -e '
  let v = JSON.parse(require("fs").readFileSync(0, "utf8")); v = [].concat(v);
  const key = (s) => s.split(".").map(Number);
  v.sort((a, b) => { const [x, y] = [key(a), key(b)]; return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; });
  process.stdout.write(v.at(-1) ?? "");' || true)
if [ -z "$version" ]; then
  # offline: the newest build of that major already in the cache
  dir=$(ls -d "$cache/$pkg-$major".* 2>/dev/null | sort -V | tail -1 || true)
  [ -n "$dir" ] && [ -x "$dir/bin/node" ] || { echo "install-node: cannot reach the npm registry and no Node $major in $cache" >&2; exit 1; }
  echo "$dir"
  exit 0
fi

dir="$cache/$pkg-$version"
if [ ! -x "$dir/bin/node" ]; then
  tmp=$(mktemp -d "$cache/.download.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack "$pkg@$version" --silent >/dev/null)
  mkdir "$tmp/node" && tar -xzf "$tmp"/*.tgz -C "$tmp/node" --strip-components=1
  "$tmp/node/bin/node" --version >/dev/null
  rm -rf "$dir" && mv "$tmp/node" "$dir"
fi
echo "$dir"
