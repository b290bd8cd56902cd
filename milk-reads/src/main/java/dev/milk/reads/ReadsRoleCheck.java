package dev.milk.reads;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.milk.settings.MilkRole;

/**
 * A public service should not hold credentials that can write Milk's archives: say so loudly when
 * it does. It may write what its own features keep, each table as R__reads_role.sql grants it:
 * the sessions (spring_session*), the viewer log (archive_view, insert only) and the view counts.
 */
class ReadsRoleCheck {

    private static final Logger log = LoggerFactory.getLogger(ReadsRoleCheck.class);

    private final JdbcClient jdbc;
    private final MilkRole role;

    ReadsRoleCheck(@Qualifier("reads") DataSource readsDataSource, Environment environment) {
        this.jdbc = JdbcClient.create(readsDataSource);
        this.role = MilkRole.of(environment);
    }

    @EventListener(ApplicationReadyEvent.class)
    void warnWhenReadsCanWrite() {
        if (role != MilkRole.READS) {
            return;
        }
        try {
            String user = jdbc.sql("SELECT current_user").query(String.class).single();
            // Judged on the role, not only on tables: reads may start before the writer has migrated. The
            // few tables its own features keep may be written as R__reads_role.sql grants them, and no further.
            Boolean canWrite = jdbc.sql("""
                    SELECT r.rolsuper
                        OR has_schema_privilege(current_schema(), 'CREATE')
                        OR coalesce((SELECT bool_or(has_table_privilege(c.oid, coalesce(granted.refused,
                                                                                         'INSERT,UPDATE,DELETE,TRUNCATE')))
                                     FROM pg_class c
                                     LEFT JOIN (VALUES ('spring_session', 'TRUNCATE'),
                                                       ('spring_session_attributes', 'TRUNCATE'),
                                                       ('archive_view', 'UPDATE,DELETE,TRUNCATE'),
                                                       ('archive_view_count', 'DELETE,TRUNCATE'))
                                          AS granted (name, refused) ON granted.name = c.relname
                                     WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'), false)
                    FROM pg_roles r WHERE r.rolname = current_user""")
                    .query(Boolean.class).optional().orElse(false);
            if (Boolean.TRUE.equals(canWrite)) {
                log.warn("milk-reads connects as '{}', which can write to Milk's tables; in production set "
                        + "MILK_READS_DATABASE_USERNAME to the reads role (MILK_READS_ROLE_NAME, default milk_reads)",
                        user);
            }
        } catch (DataAccessException e) {
            log.warn("could not check the privileges of the reads connection: {}", e.getMostSpecificCause().getMessage());
        }
    }
}
