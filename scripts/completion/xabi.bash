# bash completion for xabi.  Installed by `make install` as
# $PREFIX/share/bash-completion/completions/xabi.
#
# Nothing here lists a command or an option: both are read, when you press
# TAB, from the same text `xabi help` and `xabi CMD --help` print, so the
# completion cannot drift from the binary it completes.  An option whose
# help names its argument FILE, PATH, KERNEL or DUMP completes file names,
# DIR directory names; any other argument (V, N, TEXT...) is left to you.

# The commands, from `xabi help`.
_xabi_commands()
{
    "$1" help 2> /dev/null |
        sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'
}

# The options of one command, each with its argument's name if it has
# one ("--db PATH"), from `xabi CMD --help`.
_xabi_options()
{
    "$1" "$2" --help 2> /dev/null |
        grep -oE -- '--[a-z][a-z0-9-]*( [A-Z][A-Z]*)?' | sort -u
}

_xabi()
{
    local cur prev xabi cmd opts arg i
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    xabi=${COMP_WORDS[0]}
    COMPREPLY=()

    cmd=
    for (( i = 1; i < COMP_CWORD; i++ )); do
        case ${COMP_WORDS[i]} in
        --busy-timeout) (( i++ )) ;;
        -*) ;;
        *) cmd=${COMP_WORDS[i]}; break ;;
        esac
    done
    if [[ -z $cmd ]]; then
        COMPREPLY=($(compgen -W "$(_xabi_commands "$xabi") --version --busy-timeout" -- "$cur"))
        return
    fi
    if [[ $cmd == help ]]; then
        COMPREPLY=($(compgen -W "$(_xabi_commands "$xabi") --man" -- "$cur"))
        return
    fi

    opts=$(_xabi_options "$xabi" "$cmd")
    [[ $prev == --busy-timeout ]] && return
    # The argument of the option before the cursor.
    if [[ $prev == --* ]]; then
        arg=$(printf '%s\n' "$opts" | sed -n "s/^$prev \([A-Z]*\)\$/\1/p" | head -n 1)
        case $arg in
        FILE | PATH | KERNEL | DUMP)
            COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2> /dev/null; return ;;
        DIR)
            COMPREPLY=($(compgen -d -- "$cur")); compopt -o filenames 2> /dev/null; return ;;
        ?*) return ;;
        esac
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(printf '%s\n' "$opts" | cut -d' ' -f1 | sort -u) --help --busy-timeout" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2> /dev/null
    fi
}
complete -F _xabi xabi
