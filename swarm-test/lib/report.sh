# shellcheck shell=bash disable=SC2154 # run.sh (and earlier steps) set the lower-case globals
# What the test says: a timed log on stderr, and one result per assertion, printed as it is made
# and kept as a JSON line in $results (SwarmStackTest reads that file).

log() { printf '[swarm-test %4d s] %s\n' "$SECONDS" "$*" >&2; }

skip() {
  log "SKIPPED: $*"
  exit "$SKIPPED"
}

fail() {
  diagnose
  log "FAILED: $*"
  exit 1
}

# What the stack's tasks saw, for a failure to show: tasks that are not running and why, and the
# last lines of each service's log.
diagnose() {
  docker stack ps "$STACK" > /dev/null 2>&1 || return 0
  log "tasks not running (name, state, error):"
  docker stack ps --no-trunc "$STACK" --format '{{.Name}} {{.CurrentState}} {{.Error}}' 2> /dev/null \
    | grep -v ' Running ' | head -n 15 | sed 's/^/    /' >&2 || true
  local service
  for service in $(docker stack services "$STACK" --format '{{.Name}}' 2> /dev/null); do
    log "the last lines of $service's log:"
    docker service logs --raw --tail 8 "$service" 2>&1 | cut -c 1-300 | sed 's/^/    /' >&2 || true
  done
}

# patience SECONDS: SECONDS, scaled by MILK_TEST_TIME_SCALE (a number from 1 to 100, 1 unless set).
patience() { awk -v n="$1" -v f="$time_scale" 'BEGIN { printf "%d", n * f + 0.5 }'; }

# record ID WHAT FIGURE EXPECTED PASSED: prints the assertion and keeps it as a JSON line.
record() {
  local id="$1" what="$2" figure="$3" expected="$4" passed="$5"
  log "$( [[ "$passed" == true ]] && echo PASS || echo FAIL ) $id: $what: $figure (expected $expected)"
  jq -nc --arg id "$id" --arg check "$what" --arg figure "$figure" --arg expected "$expected" \
    --argjson passed "$passed" '{id: $id, check: $check, figure: $figure, expected: $expected, passed: $passed}' \
    >> "$results"
}

# expect ID WHAT ACTUAL EXPECTED: the assertion ID holds when ACTUAL is EXPECTED; the test stops
# at the first that does not.
expect() {
  if [[ "$3" == "$4" ]]; then
    record "$1" "$2" "$3" "$4" true
  else
    record "$1" "$2" "$3" "$4" false
    fail "$2"
  fi
}

# expect_match ID WHAT ACTUAL REGEX: ACTUAL matches the extended regular expression REGEX.
expect_match() {
  if [[ "$3" =~ $4 ]]; then
    record "$1" "$2" "$3" "matching $4" true
  else
    record "$1" "$2" "$3" "matching $4" false
    fail "$2"
  fi
}

# expect_between ID WHAT ACTUAL LOW HIGH: a whole number from LOW to HIGH ('' for no bound).
expect_between() {
  local id="$1" what="$2" actual="$3" low="$4" high="$5" expected
  if [[ -n "$low" && -n "$high" ]]; then
    expected="from $low to $high"
  elif [[ -n "$low" ]]; then
    expected=">= $low"
  else
    expected="<= $high"
  fi
  if [[ "$actual" =~ ^[0-9]+$ ]] && { [[ -z "$low" ]] || ((actual >= low)); } && { [[ -z "$high" ]] || ((actual <= high)); }; then
    record "$id" "$what" "$actual" "$expected" true
  else
    record "$id" "$what" "$actual" "$expected" false
    fail "$what"
  fi
}

# expect_within ID WHAT COMMAND...: COMMAND (a wait with its own deadline) succeeds; the figure is
# how long it took.
expect_within() {
  local id="$1" what="$2" started=$SECONDS
  shift 2
  if "$@"; then
    record "$id" "$what" "done in $((SECONDS - started)) s" "success within the wait" true
  else
    record "$id" "$what" "not done after $((SECONDS - started)) s" "success within the wait" false
    fail "$what"
  fi
}
