# Shared helpers for qemu-rme scripts (sourced, POSIX sh).
# TOP: repository root; BUILD: build directory; DEPS_DIR: cached Debian sources.

TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${BUILD:-$TOP/build}
DEPS_DIR=${DEPS_DIR:-$TOP/../shared/deps}

die() { echo "$(basename "$0"): error: $*" >&2; exit 1; }
say() { echo "$(basename "$0"): $*"; }

# fetch_orig NAME SHA256 DEBPKG DEBVER -> prints path of a verified tarball.
# Order: cached Debian source files in $DEPS_DIR (checked against their
# SHA256SUMS and against the lock), then `apt-get source` of the pinned
# version into $BUILD/apt-src.  Any checksum mismatch is a hard error.
fetch_orig() {
    name=$1 sha=$2 pkg=$3 ver=$4
    if [ -f "$DEPS_DIR/$name" ]; then
        if [ -f "$DEPS_DIR/SHA256SUMS" ]; then
            listed=$(awk -v n="$name" '$2 == n {print $1}' "$DEPS_DIR/SHA256SUMS")
            [ -n "$listed" ] || die "$name is not listed in $DEPS_DIR/SHA256SUMS"
            [ "$listed" = "$sha" ] || die "$DEPS_DIR/SHA256SUMS lists $listed for $name, the lock pins $sha"
        fi
        got=$(sha256sum "$DEPS_DIR/$name" | cut -d' ' -f1)
        [ "$got" = "$sha" ] || die "checksum mismatch for $DEPS_DIR/$name: got $got, expected $sha"
        echo "$DEPS_DIR/$name"
        return 0
    fi
    dst=$BUILD/apt-src
    if [ ! -f "$dst/$name" ]; then
        mkdir -p "$dst"
        say "$name not in $DEPS_DIR; trying 'apt-get source --download-only $pkg=$ver'" >&2
        (cd "$dst" && apt-get source --download-only "$pkg=$ver" >&2) ||
            die "cannot obtain $pkg $ver: put its Debian source files in $DEPS_DIR, or add a deb-src line that carries it"
    fi
    got=$(sha256sum "$dst/$name" | cut -d' ' -f1)
    [ "$got" = "$sha" ] || die "checksum mismatch for $dst/$name: got $got, expected $sha"
    echo "$dst/$name"
}

# Hash of a list of files' names and contents (stable order).
hash_files() {
    for f in "$@"; do [ -e "$f" ] && { echo "== $f"; cat "$f"; }; done | sha256sum | cut -d' ' -f1
}
