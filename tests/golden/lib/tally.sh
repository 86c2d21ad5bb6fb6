# Shared by golden tests (sourced, not run) that check many things and
# report each, failing at the end if any failed:
#
#   ok MESSAGE...    one check passed
#   bad MESSAGE...   one check failed; counted in $fails
#   tally SUMMARY    exit 1 with the count if any failed, else say SUMMARY
#   has FILE TEXT    bad unless FILE holds TEXT (a fixed string)

fails=0

ok()
{
    echo "ok: $*"
}

bad()
{
    echo "FAIL: $*"
    fails=$((fails + 1))
}

tally()
{
    if [ "$fails" -ne 0 ]; then
        echo "$fails failure(s)"
        exit 1
    fi
    echo "$*"
}

has()
{
    grep -qF -- "$2" "$1" || bad "no '$2' in $1"
}
