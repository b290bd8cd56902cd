-- The role milk-reads connects as in production: it can read every table and change none.
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
END
$milk$;
