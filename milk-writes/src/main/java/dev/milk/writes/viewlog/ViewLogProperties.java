package dev.milk.writes.viewlog;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.milk.settings.SettingChecks;

/**
 * The viewer log's retention.
 *
 * @param retention how long a view of a non-public archive is kept before the writers purge it
 *                  ({@code MILK_VIEW_LOG_RETENTION})
 */
@ConfigurationProperties("milk.view-log")
public record ViewLogProperties(@DefaultValue("90d") Duration retention) {

    public ViewLogProperties {
        SettingChecks.requirePositive(retention, "MILK_VIEW_LOG_RETENTION");
    }
}
