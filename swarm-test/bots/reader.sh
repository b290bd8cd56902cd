#!/usr/bin/env bash
# reader.sh PATH: reads PATH from the reads service in a loop until stopped, as a reverse proxy in
# front of it would: it resolves the service's name (DNS round-robin) and, when a replica refuses
# the connection or drops it unanswered, asks the next one. Any answer but 200 is a failure,
# printed as "FAILED status"; every 20 reads it prints "reads ok=N failed=N".
set -uo pipefail
path="$1"
ok=0 failed=0 turn=0
while true; do
  mapfile -t replicas < <(getent ahostsv4 reads | awk '{ print $1 }' | sort -u)
  status=none
  for ((i = 0; i < ${#replicas[@]}; i++)); do
    address=${replicas[(turn + i) % ${#replicas[@]}]}
    if exec 3<> "/dev/tcp/$address/8080"; then
      printf 'GET %s HTTP/1.0\r\n\r\n' "$path" >&3
      status=$(head -n 1 <&3 | awk '{ print $2 }')
      exec 3<&-
      [[ -n $status ]] && break
    fi
    status=none
  done 2> /dev/null
  turn=$((turn + 1))
  if [[ $status == 200 ]]; then
    ok=$((ok + 1))
  else
    failed=$((failed + 1))
    echo "FAILED $status"
  fi
  ((turn % 20 == 0)) && echo "reads ok=$ok failed=$failed"
  sleep 0.05
done
