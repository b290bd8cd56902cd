# shellcheck shell=bash disable=SC2154 # run.sh (and earlier steps) set the lower-case globals
# 3. The edge (nginx) owns the public port and serves the raid and the archive there; the
# management port is never published; the rate limit is on per visitor, whatever a visitor
# writes in X-Forwarded-For.

edge_port() { docker port "$(containers edge | head -n 1)" 8080/tcp | head -n 1 | sed 's/.*://'; }
through_edge() { curl -s -o /dev/null -w '%{http_code}' --max-time 10 "http://127.0.0.1:$(edge_port)$1"; }

# The stack's services that publish a port, by name, on one line.
published_services() {
  local services
  mapfile -t services < <(docker service ls --quiet --filter "label=com.docker.stack.namespace=$STACK")
  docker service inspect "${services[@]}" --format '{{.Spec.Name}}{{with .Spec.EndpointSpec}}{{range .Ports}} {{.PublishedPort}}{{end}}{{end}}' \
    | awk 'NF > 1 { print $1 }' | sort | tr '\n' ' ' | sed 's/ $//'
}

# answers SUMMARY PATTERN: how many of a visitor's answers (bots/visitor.sh's "count status
# retry-after" lines) match PATTERN (an awk regular expression on "status retry-after").
answers() { awk -v pattern="$2" '{ count = $1; $1 = ""; sub(/^ /, "") } $0 ~ pattern { n += count } END { print n + 0 }' <<< "$1"; }

expect edge.raid "the raid through the edge (nginx on the public port)" "$(through_edge "/raid/$raid_public_id")" 200
expect edge.archive "the archive through the edge" "$(through_edge "/archive/$archive_public_id")" 200
expect edge.http10 "the raid to an HTTP/1.0 client that names no Host" \
  "$(http10_status "$(edge_port)" "/raid/$raid_public_id")" 200
expect edge.no-management "/actuator/prometheus through the public port" "$(through_edge /actuator/prometheus)" 404
expect edge.only-edge-published "the services publishing a port" "$(published_services)" "${STACK}_edge"
reads_task="$(containers reads | head -n 1)"
expect edge.reads-health-on-8081 "a reads task's /actuator/health/readiness on its management port (8081)" \
  "$(http10_status 8081 /actuator/health/readiness "$reads_task")" 200
expect edge.reads-no-management-on-8080 "a reads task's /actuator/prometheus on its public port (8080)" \
  "$(http10_status 8080 /actuator/prometheus "$reads_task")" 404

# One visitor asks as fast as it can for 15 s while another asks 60 times, 4 a second, meanwhile.
start_bot hurried "$MILK_IMAGE" "bash /bots/visitor.sh /raid/$raid_public_id 15 100000 0"
start_bot calm "$MILK_IMAGE" "bash /bots/visitor.sh /raid/$raid_public_id 60 30 0.5"
hurried="$(finish_bot hurried)"
calm="$(finish_bot calm)"
log "  a visitor asking as fast as it can for 15 s, naming 250 addresses (count, status, Retry-After): $(tr -s ' \n' ' ' <<< "$hurried")"
log "  meanwhile another visitor, 4 a second: $(tr -s ' \n' ' ' <<< "$calm")"
expect_between edge.hurried-burst "the hurried visitor's answers 200 (its burst)" "$(answers "$hurried" '^200 *$')" 1 ""
expect_between edge.hurried-limited "the hurried visitor's answers 429 with Retry-After" \
  "$(answers "$hurried" '^429 [0-9]+$')" 1 ""
expect edge.calm-served "the calm visitor's answers 200, of all it got" \
  "$(answers "$calm" '^200 *$') of $(answers "$calm" '')" "60 of 60"
