# bash completion for xabi.  Installed by `make install` as
# $PREFIX/share/bash-completion/completions/xabi.
#
# Nothing here lists a command or an option: both are read, when you press
# TAB, from the same text `xabi help` and `xabi CMD --help` print, so the
# completion cannot drift from the binary it completes.  An option whose
# help names its argument FILE, PATH, KERNEL or DUMP completes file names,
# DIR directory names, a list of words (--format wiki|rst|html|all) those
# words; any other argument (V, N, TEXT...) is left to you.  A command
# whose usage lines name subcommands (xabi abi diff, xabi decode selector)
# completes them first.  scripts/completion/_xabi does the same for zsh.

# The commands, from `xabi help`.
_xabi_commands()
{
    "$1" help 2> /dev/null |
        sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'
}

# The options of one command, each with its argument's name if it has
# one ("--db PATH"), from `xabi CMD --help`: its usage lines (up to the
# first empty line) and its table of options (lines that start with
# blanks and --), not an option of another command its prose names.
_xabi_options()
{
    "$1" "$2" --help 2> /dev/null |
        awk 'NR == 1, /^$/ { print; next } /^ +--/' |
        grep -oE -- '--[a-z][a-z0-9-]*( [A-Z][A-Z]*)?' | sort -u
}

# The words an option of a command takes, where its usage lists them
# ("--format wiki|rst|html|all", "--color=auto|always|never"), one a line.
_xabi_values()
{
    "$1" "$2" --help 2> /dev/null |
        grep -oE -- "$3[ =][A-Za-z0-9-]+(\|[A-Za-z0-9-]+)+" |
        sed 's/^[^ =]*[ =]//' | tr '|' '\n' | grep '[a-z0-9]' | sort -u
}

# The subcommands a command's usage lines name ("xabi abi diff ...").
_xabi_subcommands()
{
    "$1" "$2" --help 2> /dev/null |
        sed -n "s/^\(usage: \|       \)xabi $2 \([a-z][a-z-]*\).*/\2/p" |
        sort -u
}

_xabi()
{
    local cur prev xabi cmd opts arg i
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    xabi=${COMP_WORDS[0]}
    COMPREPLY=()

    # The command: the first word that is neither an option nor the value
    # of one of the global options (xabi --db PATH CMD).
    cmd=
    for (( i = 1; i < COMP_CWORD; i++ )); do
        case ${COMP_WORDS[i]} in
        --busy-timeout | --db) (( i++ )) ;;
        -*) ;;
        *) cmd=${COMP_WORDS[i]}; break ;;
        esac
    done
    if [[ -z $cmd ]]; then
        case $prev in
        --db)
            COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2> /dev/null; return ;;
        --busy-timeout) return ;;
        esac
        COMPREPLY=($(compgen -W "$(_xabi_commands "$xabi") --db --version --busy-timeout" -- "$cur"))
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
        arg=$(_xabi_values "$xabi" "$cmd" "$prev")
        if [[ -n $arg ]]; then
            COMPREPLY=($(compgen -W "$arg" -- "$cur"))
            return
        fi
        arg=$(printf '%s\n' "$opts" | sed -n "s/^$prev \([A-Z]*\)\$/\1/p" | head -n 1)
        case $arg in
        FILE | PATH | KERNEL | DUMP)
            COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2> /dev/null; return ;;
        DIR)
            COMPREPLY=($(compgen -d -- "$cur")); compopt -o filenames 2> /dev/null; return ;;
        ?*) return ;;
        esac
    fi
    # A subcommand, right after the command.
    if (( i + 1 == COMP_CWORD )) && [[ $cur != -* ]]; then
        arg=$(_xabi_subcommands "$xabi" "$cmd")
        if [[ -n $arg ]]; then
            COMPREPLY=($(compgen -W "$arg" -- "$cur"))
            return
        fi
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(printf '%s\n' "$opts" | cut -d' ' -f1 | sort -u) --help --busy-timeout" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2> /dev/null
    fi
}
complete -F _xabi xabi
