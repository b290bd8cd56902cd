package dev.milk.writes.original;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

import dev.milk.settings.PostgresUrl;
import dev.milk.settings.SettingException;

/**
 * Where role {@code import} finds the original Milk's database.
 *
 * @param database {@code MILK_IMPORT_DATABASE_URL} (a JDBC URL, or the original's
 *                 {@code postgresql://user:password@host:port/db}), {@code _USERNAME}, {@code _PASSWORD}
 */
@ConfigurationProperties("milk.import")
public record ImportProperties(@DefaultValue Database database) {

    public ImportProperties {
        database.source();
    }

    public record Database(String url, String username, String password) {

        /** The source's JDBC URL and credentials; the explicit settings win over the URL's own. */
        PostgresUrl source() {
            if (!StringUtils.hasText(url)) {
                throw new SettingException("MILK_IMPORT_DATABASE_URL",
                        "is not set; role import copies the original Milk's database from it");
            }
            PostgresUrl parsed = PostgresUrl.parse("MILK_IMPORT_DATABASE_URL", url);
            return new PostgresUrl(parsed.url(), StringUtils.hasText(username) ? username : parsed.username(),
                    StringUtils.hasText(password) ? password : parsed.password());
        }
    }
}
