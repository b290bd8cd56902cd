# shellcheck shell=bash
# 1. The stack converges: every replica running and healthy by its own check, the migrations
# applied once though two writers started together, reads connected as the read-only milk_reads
# with the password from its Docker secret.

expect_within converged "the stack converges: every replica running and healthy (the image's HEALTHCHECK on readiness)" \
  services_converged "$(patience 420)"
expect converged.postgres "postgres replicas" "$(replicas postgres)" 1/1
expect converged.kafka "kafka replicas" "$(replicas kafka)" 1/1
expect converged.writes "writes replicas" "$(replicas writes)" 2/2
expect converged.reads "reads replicas" "$(replicas reads)" 3/3
expect converged.migrations-once \
  "migrations applied by two writers starting together (V1 applied times / all succeeded / scripts applied twice)" \
  "$(psql_milk "SELECT count(*) FILTER (WHERE script = 'V1__raid.sql') || '/' || bool_and(success) || '/' ||
    (SELECT count(*) FROM (SELECT script FROM flyway_schema_history GROUP BY script HAVING count(*) > 1) twice)
    FROM flyway_schema_history")" "1/true/0"
expect_between converged.reads-as-milk_reads "reads' connections as milk_reads" \
  "$(psql_milk "SELECT count(*) FROM pg_stat_activity WHERE usename = 'milk_reads'")" 3 ""
# Only its own tables, as R__reads_role.sql grants them: the logins (Spring Session) and the viewer log.
expect converged.milk_reads-only-reads "tables milk_reads may change" \
  "$(psql_milk "SELECT coalesce(string_agg(c.relname, ',' ORDER BY c.relname), '')
    FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
      AND has_table_privilege('milk_reads', c.oid, 'INSERT,UPDATE,DELETE,TRUNCATE')")" \
  "archive_view,archive_view_count,spring_session,spring_session_attributes"
expect converged.reads-password-secret "reads' secret and password setting" \
  "$(docker service inspect "${STACK}_reads" --format '{{range .Spec.TaskTemplate.ContainerSpec.Secrets}}{{.SecretName}}{{end}} {{range .Spec.TaskTemplate.ContainerSpec.Env}}{{if eq . "MILK_DATABASE_PASSWORD_FILE=/run/secrets/milk_reads_password"}}file{{end}}{{end}}')" \
  "milk_reads_password file"
