#!/usr/bin/env bash
# The service's container image, built without a registry or a container engine: a Debian 12 (bookworm) root file
# system with the OpenJDK 17 runtime made by debootstrap from the Debian mirror, and the packaged service on top, as
# two layers of an OCI image written by buildah. See deploy/README.md.
#
#   deploy/image.sh [--check] [--tag videomote:1.0.0] [--out target/videomote-image.tar]
#
#   --check  also inspect the image (user, port, entry point, layers) and run it: the image's own java starts the
#            service from the image's files on a fresh database of the PostgreSQL on 127.0.0.1:5432 until
#            /q/health/ready answers 200 (CI does this).
#
# Needs root (debootstrap, buildah's vfs storage); installs debootstrap, buildah and skopeo with apt when missing.
# Builds target/quarkus-app first when it is missing. Push the result with, for example:
#   skopeo copy oci-archive:target/videomote-image.tar docker://registry.example/videomote:1.0.0
set -euo pipefail
cd "$(dirname "$0")/.."

tag=videomote:1.0.0
out=target/videomote-image.tar
check=false
while (($#)); do
    case $1 in
        --check) check=true ;;
        --tag) tag=$2; shift ;;
        --out) out=$2; shift ;;
        -h | --help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

log() { printf '[%s] %s\n' "$(date +%T)" "$*"; }
die() { log "FAILED: $*" >&2; exit 1; }
[[ $(id -u) == 0 ]] || die "run as root (debootstrap and buildah's storage need it)"
for tool in debootstrap:debootstrap buildah:buildah skopeo:skopeo; do
    command -v "${tool%%:*}" >/dev/null 2>&1 && continue
    log "installing ${tool#*:}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${tool#*:}" >/dev/null 2>&1 \
        || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${tool#*:}" >/dev/null; } \
        || die "could not install ${tool#*:}"
done
if [[ ! -f target/quarkus-app/quarkus-run.jar ]]; then
    log "building the service (./mvnw package -DskipTests)"
    ./mvnw -q -B package -DskipTests
fi

# buildah without a daemon, user namespaces or overlay mounts: files in a private vfs store, commands in a chroot.
work=$(mktemp -d /tmp/videomote-image.XXXXXX)
export STORAGE_DRIVER=vfs BUILDAH_ISOLATION=chroot
export CONTAINERS_STORAGE_CONF=$work/storage.conf
printf '[storage]\ndriver = "vfs"\nrunroot = "%s/run"\ngraphroot = "%s/graph"\n' "$work" "$work" >"$CONTAINERS_STORAGE_CONF"
containers=()
service_pid=""
cleanup() {
    set +e # everything below runs, whatever fails
    # The service runs in its own process group (setsid): buildah, the chroot and java stop together.
    [[ -n $service_pid ]] && kill -- "-$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null
    for c in "${containers[@]}"; do buildah rm "$c" >/dev/null 2>&1 || true; done
    buildah rm --all >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

log "base layer: Debian bookworm (minbase) with openjdk-17-jre-headless, from deb.debian.org"
debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates bookworm "$work/rootfs" \
    http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log"; die "debootstrap"; }
# What a runtime image does not need: package caches and lists, documentation, manuals, locales but C.
rm -rf "$work"/rootfs/var/cache/apt/* "$work"/rootfs/var/lib/apt/lists/* "$work"/rootfs/usr/share/doc/* \
    "$work"/rootfs/usr/share/man/* "$work"/rootfs/usr/share/info/* "$work"/rootfs/tmp/*
find "$work/rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name 'C*' -exec rm -rf {} + 2>/dev/null || true
base=$(buildah from scratch)
containers+=("$base")
buildah copy "$base" "$work/rootfs" / >/dev/null
buildah commit --quiet "$base" videomote-base >/dev/null
rm -rf "$work/rootfs"

log "service layer: target/quarkus-app as /deployments, owned by uid 185"
app=$(buildah from videomote-base)
containers+=("$app")
buildah copy --chown 185:0 "$app" target/quarkus-app /deployments >/dev/null
buildah config --user 185 --workingdir /deployments --port 8080/tcp \
    --env LANG=C.UTF-8 --env JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=75.0 \
    --entrypoint '["java", "-jar", "/deployments/quarkus-run.jar"]' \
    --label org.opencontainers.image.title=videomote \
    --label org.opencontainers.image.source=https://github.com/servicekontor/videomote "$app"
mkdir -p "$(dirname "$out")"
rm -f "$out"
buildah commit --quiet --format oci "$app" "oci-archive:$out:$tag" >/dev/null
log "image $tag written to $out ($(du -h "$out" | cut -f1))"

$check || exit 0

log "check: configuration and layers"
config=$(skopeo inspect --config "oci-archive:$out")
manifest=$(skopeo inspect --raw "oci-archive:$out")
python3 - "$config" "$manifest" <<'EOF' || die "image configuration"
import json, sys
config = json.loads(sys.argv[1])["config"]
layers = json.loads(sys.argv[2])["layers"]
problems = []
if config.get("User") != "185":
    problems.append("user %r, not 185" % config.get("User"))
if "8080/tcp" not in (config.get("ExposedPorts") or {}):
    problems.append("port 8080 not exposed")
if config.get("Entrypoint") != ["java", "-jar", "/deployments/quarkus-run.jar"]:
    problems.append("entry point %r" % config.get("Entrypoint"))
if len(layers) != 2:
    problems.append("%d layers, not 2 (base, service)" % len(layers))
if problems:
    sys.exit("; ".join(problems))
print("user 185, port 8080, entry point java -jar /deployments/quarkus-run.jar, 2 layers")
EOF

log "check: the image's java runs the image's service until it is ready"
pg_isready -q -h 127.0.0.1 -p 5432 || die "no PostgreSQL on 127.0.0.1:5432 for the run check"
db=videomote_image_$$
psql -X -q -h 127.0.0.1 -U "${PGUSER:-postgres}" -c "CREATE DATABASE $db" || die "could not create database $db"
trap 'cleanup; psql -X -q -h 127.0.0.1 -U "${PGUSER:-postgres}" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1' EXIT
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/private.pem" 2>/dev/null
openssl pkey -in "$work/private.pem" -pubout -out "$work/public.pem"
chmod 0644 "$work/public.pem"
run=$(buildah from --quiet "oci-archive:$out")
containers+=("$run")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
key() { head -c 32 /dev/urandom | base64; }
java_version=$(buildah run "$run" -- java -version 2>&1 | grep -m1 ' version ' || true)
setsid buildah run --network host --user 185 -v "$work/public.pem:/etc/videomote/idp-public.pem:ro" \
    --env QUARKUS_HTTP_PORT="$port" \
    --env QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:5432/$db" \
    --env QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$db" \
    --env QUARKUS_DATASOURCE_USERNAME="${PGUSER:-postgres}" \
    --env MP_JWT_VERIFY_PUBLICKEY_LOCATION=file:/etc/videomote/idp-public.pem \
    --env MP_JWT_VERIFY_ISSUER=https://login.example/videomote \
    --env VIDEOMOTE_PRIVACY_ENCRYPTION_KEYS="k1:$(key)" --env VIDEOMOTE_PRIVACY_ENCRYPTION_KEY_ID=k1 \
    --env VIDEOMOTE_PRIVACY_LOOKUP_KEY="$(key)" \
    "$run" -- java -jar /deployments/quarkus-run.jar >"$work/service.log" 2>&1 &
service_pid=$!
for _ in $(seq 1 240); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/q/health/ready" 2>/dev/null; then
        log "ready: $(grep -o -m1 'started in [0-9.]*s' "$work/service.log"), $java_version"
        exit 0
    fi
    kill -0 "$service_pid" 2>/dev/null || break
    sleep 0.5
done
tail -30 "$work/service.log" >&2
die "the service in the image did not become ready"
