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
  rm -rf "$state"
}

