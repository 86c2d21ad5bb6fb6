#!/bin/sh
# Golden test: `make install DESTDIR=... PREFIX=/usr`, then the installed
# xabi used end to end from elsewhere, with no source tree to lean on: the
# installed tree is moved to another directory first, and everything runs
# from /.  It collects a bundled trace, checks it, renders HTML with the
# installed templates, its manual page renders without a warning, and the
# bash and zsh completions load and complete (zsh's in a real interactive
# zsh on a pseudo-terminal, through compinit).  `make uninstall` then
# leaves no file behind.
set -eu
XABI=${XABI:-build/xabi}
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "$(dirname "$XABI")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# Install with the build directory the binary under test comes from.
make -s -C "$top" BUILD="$build" install DESTDIR="$work/stage" PREFIX=/usr \
    > "$work/make.log" 2>&1 || { cat "$work/make.log"; exit 1; }
for f in usr/bin/xabi usr/lib/xabi/xabi-ctemplate.so usr/share/man/man1/xabi.1 \
    usr/share/bash-completion/completions/xabi \
    usr/share/zsh/vendor-completions/_xabi \
    usr/share/xabi/templates/html/index.tpl usr/share/xabi/lab/lab.sh \
    usr/share/xabi/lab/releases usr/share/xabi/lab/xabi-src.tar.gz \
    usr/share/xabi/lab/pvguest/pvguest.S; do
    [ -f "$work/stage/$f" ] || fail "install wrote no $f"
done

# A copied tree: the binary must find its templates and its template
# module relative to itself.
mv "$work/stage" "$work/moved"
root=$work/moved
xabi=$root/usr/bin/xabi
xz -dc "$top/tests/data/trace_sched.bin.xz" > "$work/sched.bin"
cd /
unset XABI_TEMPLATES || true

if "$xabi" collect "$work/sched.bin" --xen-version 4.17 --db "$work/x.db" \
    --no-progress > "$work/out" 2>&1; then
    echo "ok: collect: $(head -n 1 "$work/out")"
else
    fail "collect: $(cat "$work/out")"
fi
set +e
"$xabi" check --db "$work/x.db" > "$work/out" 2>&1
rc=$?
set -e
if [ "$rc" = 0 ] || [ "$rc" = 3 ]; then
    echo "ok: check -> $rc"
else
    fail "check -> $rc: $(cat "$work/out")"
fi
if "$xabi" render --format html --out "$work/site" --db "$work/x.db" \
    > "$work/out" 2>&1 && [ -f "$work/site/html/index.html" ]; then
    echo "ok: render with the installed templates and template module"
else
    fail "render: $(cat "$work/out")"
fi
if "$xabi" render --help | grep -q 'share/xabi/templates'; then
    echo "ok: render --help says where it looks"
else
    fail "render --help does not say where the templates are looked for"
fi

# xabi lab finds its harness (share/xabi/lab) and its table of releases;
# a wrong argument stops it before anything is built.
set +e
"$xabi" lab --xen 4.99 --guest pv:/bin/sh --keep-vm "$work/vm" > "$work/out" 2>&1
rc=$?
set -e
if [ "$rc" = 2 ] && grep -q "unknown Xen release '4.99'; xabi lab boots 4.14, 4.17, 4.20" \
        "$work/out" && [ ! -e "$work/vm" ]; then
    echo "ok: lab finds the installed harness"
else
    fail "lab -> $rc: $(cat "$work/out")"
fi
if tar -tzf "$root/usr/share/xabi/lab/xabi-src.tar.gz" | grep -q '^collector/live-host.c$'; then
    echo "ok: the sources xabi lab builds from in a release's root"
else
    fail "xabi-src.tar.gz lacks collector/live-host.c"
fi

# The manual page: renders, without a warning, and carries every command.
if MANWIDTH=80 man -l "$root/usr/share/man/man1/xabi.1" > "$work/man.txt" \
    2> "$work/man.err" && [ ! -s "$work/man.err" ]; then
    echo "ok: man -l xabi.1, $(wc -l < "$work/man.txt") lines, no warning"
else
    fail "man -l: $(cat "$work/man.err")"
fi
for c in $("$xabi" help | sed -n '/^commands:/,/^$/s/^  \([a-z]*\) .*/\1/p'); do
    [ "$c" = help ] && continue
    grep -q -- "usage: xabi $c" "$work/man.txt" || fail "xabi.1 lacks $c"
done

# The completion: loads, and completes what --help lists.
cat > "$work/comp.bash" << EOC
source "$root/usr/share/bash-completion/completions/xabi"
complete -p xabi
comp() { COMP_WORDS=("\$@"); COMP_CWORD=\$(( \${#COMP_WORDS[@]} - 1 ));
         _xabi; echo "\${COMPREPLY[*]}"; }
comp "$xabi" ""
comp "$xabi" collect --xen
comp "$xabi" render --out "$work/si"
comp "$xabi" --db x.db st
comp "$xabi" abi ""
comp "$xabi" render --format ""
comp "$xabi" label --
EOC
if bash "$work/comp.bash" > "$work/comp.out" 2>&1; then
    :
else
    fail "bash completion: $(cat "$work/comp.out")"
fi
# What it should say, from the help texts themselves.
cmds=$("$xabi" help | sed -n '/^commands:/,/^$/s/^  \([a-z]*\) .*/\1/p' |
    tr '\n' ' ')
xen=$("$xabi" collect --help | grep -oE -- '--xen[a-z-]*' | sort -u |
    tr '\n' ' ')
want="complete -F _xabi xabi
${cmds}--db --version --busy-timeout
${xen% }
$work/site
stats
diff import list
all html rst wiki
--db --json --run --help --busy-timeout"
if [ "$(cat "$work/comp.out")" = "$want" ]; then
    echo "ok: bash completion"
else
    fail "bash completion gave:"; cat "$work/comp.out"
fi

# The zsh completion, in an interactive zsh on a pseudo-terminal (zpty):
# compinit finds _xabi in the installed directory, and list-choices (the
# list TAB shows) is read back for each line typed.
zcases="xabi |xabi abi |xabi render --format |xabi collect --xen|\
xabi --db x.db st|xabi render --out $work/si|xabi check --|xabi label --"
cat > "$work/comp.zsh" << EOZ
zmodload zsh/zpty
zpty z 'zsh -f -i'
zpty -w z 'PS1="PR""> "; unset zle_bracketed_paste;
  fpath=($root/usr/share/zsh/vendor-completions \$fpath);
  autoload -Uz compinit; compinit -u -D; PATH=$root/usr/bin:\$PATH;
  LISTMAX=1000; unsetopt BEEP; bindkey "^T" list-choices; : ZEND0'
zpty -r z out "*ZEND0*PR> "
i=0
for line in "\${(@s:|:)\$(print -r -- '$zcases')}"; do
    (( i++ ))
    zpty -n -w z "\$line"\$'\x14\x15'": ZEND\$i"\$'\n'
    zpty -r z out "*ZEND\$i*PR> "
    print -r -- "\$out" | tr -d '\r' |
        sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' > "$work/zsh.\$i"
done
zpty -d z
EOZ
if ! command -v zsh > /dev/null; then
    fail "zsh completion: zsh is not installed (make deps installs it)"
elif timeout 120 zsh -f "$work/comp.zsh" > "$work/zsh.out" 2>&1; then
    # zhas N WORD...: the list of case N shows every WORD.
    zhas()
    {
        n=$1
        shift
        for w in "$@"; do
            if grep -qF -- "$w" "$work/zsh.$n"; then
                :
            else
                fail "zsh completion of '$(echo "$zcases" | cut -d'|' -f"$n")' lacks '$w':"
                cat "$work/zsh.$n"
            fi
        done
    }
    zn=$fails
    zhas 1 $cmds
    zhas 2 diff import list
    zhas 3 all html rst wiki
    zhas 4 $xen
    zhas 5 "stats  -- what a collected run saw"
    zhas 6 site/
    zhas 7 $("$xabi" check --help | grep -oE -- '--[a-z][a-z-]*' | sort -u)
    zhas 8 --db --json --run
    if grep -qw collect "$work/zsh.5"; then
        fail "zsh completion: 'xabi --db x.db st' offers more than stats"
    fi
    if grep -q -- '--label' "$work/zsh.8"; then
        fail "zsh completion: 'xabi label --' offers --label, which its help only mentions"
    fi
    [ "$fails" = "$zn" ] && echo "ok: zsh completion (8 lines typed, TAB lists read back)"
else
    fail "zsh completion: the zpty session failed: $(cat "$work/zsh.out")"
fi

# uninstall: not a file left.
make -s -C "$top" BUILD="$build" uninstall DESTDIR="$work/moved" \
    PREFIX=/usr > "$work/make.log" 2>&1 || { cat "$work/make.log"; exit 1; }
left=$(find "$root" ! -type d)
if [ -z "$left" ]; then
    echo "ok: uninstall left no file"
else
    fail "uninstall left: $left"
fi

[ "$fails" = 0 ] || { echo "$fails failed"; exit 1; }
echo "all passed"
