# release.sh: sourced by prepare.sh, run.sh, assert.sh and lab.sh.  From
# XABI_XEN_RELEASE (default 4.17) and the table in ./releases it sets:
#   REL     the Xen release, e.g. 4.20
#   SUITE   the Debian suite that carries it (bullseye, bookworm, trixie)
#   L       the work directory of that release's VM: BUILD/live for 4.17
#           (as before releases), BUILD/live-REL for the others
#   CACHE   downloads and roots, kept across runs: XABI_LAB_CACHE, else
#           $XDG_CACHE_HOME/xabi/lab (~/.cache/xabi/lab); never under
#           build/, whose files the Makefile searches
#   R       the root the toolstack, xabi and xenalyze come from: / when
#           the host runs SUITE, else CACHE/root-REL (mmdebstrap)
#   XENLIB  /usr/lib/xen-REL, whose bin/ holds the real toolstack ELFs
# and inroot CMD...: CMD run inside R (chroot), or directly when R is /.
# Needs BUILD set; an unknown release is a usage error (exit 2).
REL=${XABI_XEN_RELEASE:-4.17}
LAB_DIR=${LAB_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
SUITE=$(awk -v r="$REL" '$1 == r { print $2 }' "$LAB_DIR/releases")
if [ -z "$SUITE" ]; then
    echo "xabi lab: unknown Xen release '$REL'; known:" \
        "$(awk '/^[0-9]/ { printf "%s%s", s, $1; s = ", " }' "$LAB_DIR/releases")" >&2
    exit 2
fi
if [ "$REL" = 4.17 ]; then L=$BUILD/live; else L=$BUILD/live-$REL; fi
CACHE=${XABI_LAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/xabi/lab}
if [ "$(. /etc/os-release 2>/dev/null; echo "${VERSION_CODENAME:-}")" = "$SUITE" ]; then
    R=/
else
    R=$CACHE/root-$REL
fi
XENLIB=/usr/lib/xen-$REL
inroot() {
    if [ "$R" = / ]; then "$@"; else chroot "$R" "$@"; fi
}
