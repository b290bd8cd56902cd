# shellcheck shell=bash disable=SC2154 # run.sh (and earlier steps) set the lower-case globals
# Undoing what the test made, and only that: the stack, the secrets and images it listed, the
# dangling images and anonymous volumes that appeared after it claimed the engine, its swarm and
# its dockerd (each still its own: own_swarm, own_dockerd).

clean() {
  remove_stack
  if [[ -f "$state/secrets" ]]; then
    xargs -r docker secret rm < "$state/secrets" > /dev/null 2>&1 || true
  fi
  if [[ -f "$state/images" ]]; then
    tac "$state/images" | xargs -r docker rmi --force > /dev/null 2>&1 || true
  fi
  if [[ -f "$state/dangling-before" ]]; then
    comm -13 "$state/dangling-before" <(docker images --quiet --filter dangling=true | sort) \
      | xargs -r docker rmi --force > /dev/null 2>&1 || true
  fi
  if [[ -f "$state/volumes-before" ]]; then
    comm -13 "$state/volumes-before" <(anonymous_volumes) | xargs -r docker volume rm > /dev/null 2>&1 || true
  fi
  if own_swarm; then
    docker swarm leave --force > /dev/null 2>&1 || true
    [[ -f "$state/gwbridge-made" ]] && { docker network rm docker_gwbridge > /dev/null 2>&1 || true; }
  fi
  if own_dockerd; then
    kill "$(< "$state/dockerd.pid")" 2> /dev/null || true
    for _ in $(seq 30); do kill -0 "$(< "$state/dockerd.pid")" 2> /dev/null || break; sleep 1; done
  fi
  # Also when that dockerd died before this clean-up.
  if [[ -f "$state/host-network-before" ]] && ! dockerd_running; then
    remove_host_network
  fi
  rm -rf "$state"
}

# What the dockerd this test started left on the host, and only that: the docker0 bridge if it was
# not there before, then the iptables rules added since (newest first), then the chains added since.
remove_host_network() {
  local table rest chain
  host_network | grep -vxF -f "$state/host-network-before" > "$state/host-network-added" || true
  if grep -qx docker0 "$state/host-network-added"; then
    ip link delete docker0 2> /dev/null || true
  fi
  grep -E '^[a-z]+ -A ' "$state/host-network-added" | tac \
    | while read -r table rest; do
      # shellcheck disable=SC2086 # a rule is words, as iptables -S printed them
      iptables -t "$table" -D ${rest#-A } 2> /dev/null || true
    done || true
  grep -E '^[a-z]+ -N ' "$state/host-network-added" \
    | while read -r table _ chain; do
      iptables -t "$table" -F "$chain" 2> /dev/null || true
      iptables -t "$table" -X "$chain" 2> /dev/null || true
    done || true
}
