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
  if [[ -f "$state/host-network-made" ]] && ! pgrep -x dockerd > /dev/null; then
    remove_host_network
  fi
  rm -rf "$state"
}

# What the dockerd this test started left on the host: its bridge (docker0) and its iptables rules
# and chains. Only ever called when docker0 was not there before it started.
remove_host_network() {
  local table rule chain
  ip link delete docker0 2> /dev/null || true
  command -v iptables > /dev/null || return 0
  for table in filter nat; do
    iptables -t "$table" -S 2> /dev/null | grep -E '^-A (FORWARD|PREROUTING|OUTPUT|POSTROUTING) .*(docker0|DOCKER)' \
      | sed 's/^-A /-D /' | while read -r rule; do
        # shellcheck disable=SC2086 # a rule is words, as iptables -S printed them
        iptables -t "$table" $rule 2> /dev/null || true
      done
    for chain in DOCKER DOCKER-USER DOCKER-FORWARD DOCKER-BRIDGE DOCKER-CT DOCKER-INGRESS \
      DOCKER-ISOLATION-STAGE-1 DOCKER-ISOLATION-STAGE-2; do
      iptables -t "$table" -F "$chain" 2> /dev/null || true
      iptables -t "$table" -X "$chain" 2> /dev/null || true
    done
  done
}

