#!/usr/bin/env bash
# Install Praxis as system services on Debian 12: binaries, theme, systemd
# units, the `praxis` user and its folders. Idempotent: run it again after a
# new build to upgrade; it never overwrites content, indexes or settings.
#
#   sudo tools/deploy/install.sh [--build DIR] [--role ROLE] [--nginx] [--enable]
#
#   --build DIR   where the binaries were built (default: build, from tools/test
#                 or tools/demo)
#   --role ROLE   single (default), primary (also serves replicas), replica
#                 (copies a primary's index), partner (also pulls a mirror)
#   --nginx       install tools/deploy/nginx-praxis.conf as the site "praxis"
#   --enable      enable and start the role's units (otherwise only install)
#
# Layout (docs/operations.md):
#   /usr/local/bin/praxis-{indexer,searchd,mirror}
#   /usr/local/share/praxis/themes/     /usr/local/share/doc/praxis/
#   /etc/praxis/praxis.env              settings read by every unit
#   /var/lib/praxis/content             the cases (a git checkout is best)
#   /var/lib/praxis/index               the index (primary, single, partner)
#   /var/lib/praxis/replica             the index copy (replica)
#   /var/lib/praxis/mirror/<name>       mirrored origins (partner)
#   /var/lib/praxis/snapshots           xapian-compact snapshots
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEPLOY="$ROOT/tools/deploy"
BUILD="$ROOT/build"
ROLE=single
NGINX=0
ENABLE=0

while [ $# -gt 0 ]; do
  case "$1" in
    --build) BUILD="$(cd "$2" && pwd)"; shift 2 ;;
    --role) ROLE="$2"; shift 2 ;;
    --nginx) NGINX=1; shift ;;
    --enable) ENABLE=1; shift ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$ROLE" in single|primary|replica|partner) ;; *) echo "install.sh: --role single|primary|replica|partner" >&2; exit 2 ;; esac
[ "$(id -u)" -eq 0 ] || { echo "install.sh: run as root" >&2; exit 1; }

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Runtime libraries of the binaries, Xapian's tools (replication,
# compaction, checks) and the country names.
PACKAGES=(libxapian30 libutf8proc2 libstemmer0d libyaml-cpp0.7 libcmark0.30.2 libsodium23
          libcpp-httplib0.11 iso-codes xapian-tools)
[ "$NGINX" -eq 1 ] && PACKAGES+=(nginx)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "Installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

log "Binaries from $BUILD/bin"
for b in praxis-indexer praxis-searchd praxis-mirror; do
  if [ -x "$BUILD/bin/$b" ]; then
    install -m 0755 "$BUILD/bin/$b" "/usr/local/bin/$b.new"
    mv -f "/usr/local/bin/$b.new" "/usr/local/bin/$b"  # atomic: a running service keeps its file
  elif [ "$b" != praxis-mirror ]; then
    echo "install.sh: $BUILD/bin/$b is missing: build first (tools/test or tools/demo)" >&2
    exit 1
  fi
done
if ldd /usr/local/bin/praxis-searchd /usr/local/bin/praxis-indexer | grep -q 'not found'; then
  ldd /usr/local/bin/praxis-searchd /usr/local/bin/praxis-indexer | grep 'not found' >&2
  exit 1
fi

log "Theme and documentation"
install -d -m 0755 /usr/local/share/praxis /usr/local/share/doc/praxis
rm -rf /usr/local/share/praxis/themes.new
cp -a "$ROOT/themes" /usr/local/share/praxis/themes.new
rm -rf /usr/local/share/praxis/themes.old
[ -d /usr/local/share/praxis/themes ] && mv /usr/local/share/praxis/themes /usr/local/share/praxis/themes.old
mv /usr/local/share/praxis/themes.new /usr/local/share/praxis/themes
rm -rf /usr/local/share/praxis/themes.old
install -m 0644 "$ROOT"/docs/*.md /usr/local/share/doc/praxis/

log "User praxis and its folders"
getent group praxis >/dev/null || groupadd --system praxis
getent passwd praxis >/dev/null ||
  useradd --system --gid praxis --home-dir /var/lib/praxis --no-create-home --shell /usr/sbin/nologin praxis
install -d -m 0755 -o praxis -g praxis /var/lib/praxis /var/lib/praxis/index /var/lib/praxis/mirror \
  /var/lib/praxis/replica
install -d -m 0750 -o praxis -g praxis /var/lib/praxis/snapshots
if [ ! -e /var/lib/praxis/content ]; then
  # A first copy of the bundled cases; replace it with a git checkout of
  # your content repository (docs/operations.md, "Backups").
  cp -a "$ROOT/content" /var/lib/praxis/content
  chown -R root:root /var/lib/praxis/content
fi

log "Settings in /etc/praxis"
install -d -m 0750 -o root -g praxis /etc/praxis
if [ ! -e /etc/praxis/praxis.env ]; then
  index=/var/lib/praxis/index
  [ "$ROLE" = replica ] && index=/var/lib/praxis/replica
  cat > /etc/praxis/praxis.env <<EOF
# Read by every Praxis unit (systemd EnvironmentFile). See docs/operations.md.
PRAXIS_INDEX=$index
PRAXIS_CONTENT=/var/lib/praxis/content
PRAXIS_LISTEN=127.0.0.1:8080
PRAXIS_PUBLIC_URL=https://praxis.example.org
# More options for praxis-searchd, e.g. a second shard: --index /var/lib/praxis/shard2
PRAXIS_SEARCHD_ARGS=
# More content sources for the indexer, e.g. a mirror: --content centre=/var/lib/praxis/mirror/centre
PRAXIS_INDEXER_ARGS=
# Replication (primary: the private address to serve on; replica: the primary)
PRAXIS_REPLICATE_INTERFACE=127.0.0.1
PRAXIS_REPLICATE_PORT=7010
PRAXIS_PRIMARY=primary.internal
EOF
  chmod 0640 /etc/praxis/praxis.env
  chgrp praxis /etc/praxis/praxis.env
fi

log "systemd units"
for u in "$DEPLOY"/*.service "$DEPLOY"/*.path "$DEPLOY"/*.timer; do
  install -m 0644 "$u" /etc/systemd/system/
done
systemd_up=0
[ -d /run/systemd/system ] && systemd_up=1
[ "$systemd_up" -eq 1 ] && systemctl daemon-reload

if [ "$NGINX" -eq 1 ]; then
  log "nginx site praxis"
  install -d -m 0700 -o www-data -g www-data /var/cache/nginx/praxis
  install -m 0644 "$DEPLOY/nginx-praxis.conf" /etc/nginx/sites-available/praxis
  ln -sfn /etc/nginx/sites-available/praxis /etc/nginx/sites-enabled/praxis
  if [ -e /etc/ssl/praxis/fullchain.pem ] && nginx -t; then
    [ "$systemd_up" -eq 1 ] && systemctl reload-or-restart nginx
  else
    echo "install.sh: put the certificate in /etc/ssl/praxis/{fullchain,privkey}.pem, set server_name in" \
         "/etc/nginx/sites-available/praxis, then: nginx -t && systemctl reload nginx" >&2
  fi
fi

case "$ROLE" in
  single)  units=(praxis-indexer.path praxis-indexer.timer praxis-searchd.service) ;;
  primary) units=(praxis-indexer.path praxis-indexer.timer praxis-searchd.service praxis-replicate-server.service) ;;
  replica) units=(praxis-replicate.service praxis-searchd.service) ;;
  partner) units=(praxis-indexer.path praxis-indexer.timer praxis-searchd.service praxis-mirror-pull.timer) ;;
esac
if [ "$ENABLE" -eq 1 ] && [ "$systemd_up" -eq 1 ]; then
  if [ "$ROLE" != replica ]; then
    log "First index (praxis-indexer.service)"
    systemctl start praxis-indexer.service
  fi
  log "Enabling ${units[*]}"
  systemctl enable --now "${units[@]}"
  systemctl restart praxis-searchd.service  # pick up a new binary
else
  log "Installed. To start the $ROLE role: systemctl enable --now ${units[*]}"
fi
