#!/usr/bin/env bash
# visitor.sh PATH SECONDS COUNT PAUSE: a visitor on the stack's network asking the edge for PATH
# from its own address, two requests at a time, for SECONDS or COUNT times each, PAUSE seconds
# apart. Each request names another address in X-Forwarded-For, as a visitor trying to escape the
# rate limit would. Prints each "status retry-after" seen, with its count.
set -uo pipefail
path="$1" seconds="$2" count="$3" pause="$4"

answer() {
  local i=0 status retry_after line
  while ((SECONDS < seconds && i < count)); do
    i=$((i + 1))
    status=none
    retry_after=
    if exec 3<> /dev/tcp/edge/8080; then
      printf 'GET %s HTTP/1.0\r\nHost: milk\r\nX-Forwarded-For: 203.0.113.%d\r\n\r\n' "$path" $((i % 250)) >&3
      read -r _ status _ <&3 || status=none
      while read -r line <&3; do
        line=${line%$'\r'}
        [[ -z $line ]] && break
        [[ ${line,,} == retry-after:* ]] && retry_after=${line#*: }
      done
      exec 3<&-
    fi
    echo "$status $retry_after"
    sleep "$pause"
  done
}

{
  answer &
  answer &
  wait
} | sort | uniq -c
