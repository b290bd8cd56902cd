package dev.milk.settings;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.core.env.Environment;

/**
 * How a Milk process writes its log ({@code MILK_LOG_FORMAT}): plain lines for a person at a
 * terminal, or one JSON object per line, in one of Spring Boot's structured formats, for a log
 * pipeline. A structured line carries the role and the instance besides Boot's own fields.
 */
enum LogFormat {
    PLAIN, ECS, LOGSTASH, GELF;

    static final String PROPERTY = "milk.log.format";

    static LogFormat of(Environment environment) {
        String value = environment.getProperty(PROPERTY, "").strip();
        if (value.isEmpty()) {
            return PLAIN;
        }
        return Arrays.stream(values())
                .filter(format -> format.name().equalsIgnoreCase(value))
                .findFirst()
                .orElseThrow(() -> new SettingException("MILK_LOG_FORMAT",
                        "must be one of plain, ecs, logstash, gelf; it is '" + value + "'"));
    }

    /** Spring Boot's settings for this format, as defaults an explicit {@code logging.*} setting overrides. */
    Map<String, Object> settings(MilkRole role, String instance) {
        Map<String, Object> settings = new LinkedHashMap<>();
        if (this == PLAIN) {
            return settings;
        }
        settings.put("logging.structured.format.console", name().toLowerCase(Locale.ROOT));
        settings.put("logging.structured.ecs.service.node-name", instance);
        settings.put("logging.structured.gelf.host", instance);
        settings.put("logging.structured.json.add.role", role.label());
        settings.put("logging.structured.json.add.instance", instance);
        return settings;
    }
}
