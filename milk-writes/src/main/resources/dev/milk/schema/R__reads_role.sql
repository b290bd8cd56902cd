-- The role milk-reads connects as in production: it can read every table and change none but the
-- few its own features keep, each granted here by name (ReadsRoleCheck knows the same list): the
-- logins replicas share (Spring Session) and the viewer log.
-- Repeatable, so a changed name or password (Flyway placeholders) is applied on the next start.
DO $milk$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${readsRole}') THEN
        EXECUTE format('CREATE ROLE %I LOGIN', '${readsRole}');
    END IF;
    IF '${readsPassword}' = '' THEN
        EXECUTE format('ALTER ROLE %I LOGIN PASSWORD NULL', '${readsRole}');
    ELSE
        EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', '${readsRole}', '${readsPassword}');
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), '${readsRole}');
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I', current_schema(), '${readsRole}');
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT ON TABLES TO %I',
                   current_schema(), '${readsRole}');
    EXECUTE format('GRANT INSERT, UPDATE, DELETE ON spring_session, spring_session_attributes TO %I', '${readsRole}');
    EXECUTE format('GRANT INSERT ON archive_view TO %I', '${readsRole}');
    EXECUTE format('GRANT INSERT, UPDATE ON archive_view_count TO %I', '${readsRole}');
END
$milk$;
