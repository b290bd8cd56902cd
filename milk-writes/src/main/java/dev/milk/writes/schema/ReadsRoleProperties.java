package dev.milk.writes.schema;

import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The PostgreSQL role the migrations create for milk-reads: it reads every table and changes only
 * its own (R__reads_role.sql).
 *
 * @param name     {@code MILK_READS_ROLE_NAME}
 * @param password {@code MILK_READS_ROLE_PASSWORD}; empty means the role cannot log in with a
 *                 password (fine where PostgreSQL trusts local connections, not in production)
 */
@ConfigurationProperties("milk.reads-role")
public record ReadsRoleProperties(@DefaultValue("milk_reads") String name, @DefaultValue("") String password) {

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public ReadsRoleProperties {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "MILK_READS_ROLE_NAME must be 1-63 lower-case letters, digits or '_', not '" + name + "'");
        }
        // The password is spliced into the migration as a literal: keep it to safe characters.
        if (password == null || !password.chars().allMatch(c -> c > 32 && c < 127 && c != '\'' && c != '\\' && c != '$')) {
            throw new IllegalArgumentException(
                    "MILK_READS_ROLE_PASSWORD may only hold printable ASCII without spaces, quotes, '\\' or '$'");
        }
    }
}
