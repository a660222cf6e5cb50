#!/usr/bin/env bash
# Renders every overlay under k8s/overlays with kubectl kustomize and validates every document offline, together
# with the examples in k8s/examples, against the Kubernetes API schemas and CloudNativePG's Cluster/ScheduledBackup
# schemas (k8s/validate/validate.mjs says how). Exits non-zero on any invalid document. CI runs it (.ci/run).
#
#   k8s/validate.sh
#
# Needs kubectl (kustomize v4 or newer inside) and Node.js with npm; as root, or with sudo, it installs them from
# Debian's packages when missing. The schema packages come from the npm registry at the versions and sha512
# checksums pinned in k8s/validate/package-lock.json (npm ci refuses a download that does not match), installed
# once into a cache directory: $VIDEOMOTE_K8S_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/videomote-k8s-validate.
set -euo pipefail
k8s_dir="$(cd "$(dirname "$0")" && pwd)"
started=$SECONDS

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
apt_install() {
  echo "Installing $* from Debian's packages"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# kubectl: Debian's package is kubernetes-client.
command -v kubectl >/dev/null 2>&1 || apt_install kubernetes-client
kustomize_version=$({ kubectl version --client 2>/dev/null || true; } |
  sed -n 's/^Kustomize Version: v\{0,1\}\([0-9][0-9.]*\).*/\1/p')
if [ -z "$kustomize_version" ] || [ "${kustomize_version%%.*}" -lt 4 ]; then
  echo "k8s/validate.sh: kubectl's kustomize is ${kustomize_version:-unknown}; the overlays need v4 or newer" \
    "(kubectl 1.21 or newer)" >&2
  exit 1
fi
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || apt_install nodejs npm

# The validator's packages, keyed by the lock file's checksum: a changed pin installs afresh beside the old one.
cache_root="${VIDEOMOTE_K8S_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/videomote-k8s-validate}"
lock_sum=$(sha256sum "$k8s_dir/validate/package-lock.json" | cut -c1-16)
cache="$cache_root/$lock_sum"
if [ ! -f "$cache/installed" ]; then
  echo "Installing the schema packages into $cache"
  rm -rf "$cache"
  mkdir -p "$cache"
  cp "$k8s_dir/validate/package.json" "$k8s_dir/validate/package-lock.json" "$cache/"
  # --ignore-scripts: none of these packages needs an install script, so none runs.
  (cd "$cache" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  touch "$cache/installed"
fi
# The validator runs from the cache so that Node finds the packages; a fresh copy each run.
cp "$k8s_dir/validate/validate.mjs" "$cache/validate.mjs.$$"
mv -f "$cache/validate.mjs.$$" "$cache/validate.mjs"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
inputs=()
for overlay in "$k8s_dir"/overlays/*/; do
  name=$(basename "$overlay")
  if ! kubectl kustomize "$overlay" >"$work/$name.yaml"; then
    echo "k8s/validate.sh: kubectl kustomize could not render overlays/$name" >&2
    exit 1
  fi
  echo "rendered overlays/$name: $(grep -c '^kind:' "$work/$name.yaml") documents"
  inputs+=("$name=$work/$name.yaml")
done
for example in "$k8s_dir"/examples/*.yaml; do
  inputs+=("examples=$example")
done

echo "Validating (Kubernetes schemas: kubernetes-models; CloudNativePG: @kubernetes-models/cloudnative-pg;" \
  "versions in k8s/validate/package.json)"
node "$cache/validate.mjs" "${inputs[@]}"
echo "k8s/validate.sh took $((SECONDS - started)) s"
