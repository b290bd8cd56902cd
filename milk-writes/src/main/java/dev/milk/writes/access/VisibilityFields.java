package dev.milk.writes.access;

import java.util.List;
import java.util.TreeSet;

import dev.milk.access.Visibility;
import dev.milk.archive.ArchiveEvent;
import dev.milk.writes.event.Fields;
import dev.milk.writes.event.InvalidEventException;

/** The checks of a visibility and of role id lists on the wire, naming the field that fails. */
public final class VisibilityFields {

    /** More roles than a guild would name for one archive is a bug in the bot, not a choice. */
    public static final int MAX_ROLE_IDS = 100;

    private VisibilityFields() {
    }

    /** @return null when the field is absent (then the guild's default applies) */
    public static Visibility optional(String path, ArchiveEvent.Visibility wire) {
        return wire == null ? null : required(path, wire);
    }

    public static Visibility required(String path, ArchiveEvent.Visibility wire) {
        if (wire == null) {
            throw InvalidEventException.field(path, "is required");
        }
        if (wire.mode() == null) {
            throw InvalidEventException.field(path + ".mode", "is required: public, members, roles or staff");
        }
        Visibility.Mode mode = Visibility.Mode.ofWireName(wire.mode());
        if (mode == null) {
            throw InvalidEventException.field(path + ".mode", "must be public, members, roles or staff");
        }
        if (mode != Visibility.Mode.ROLES) {
            if (wire.roleIds() != null) {
                throw InvalidEventException.field(path + ".roleIds", "is for mode roles only");
            }
            return new Visibility(mode, List.of());
        }
        if (wire.roleIds() == null || wire.roleIds().isEmpty()) {
            throw InvalidEventException.field(path + ".roleIds", "is required for mode roles: at least one role id");
        }
        return new Visibility(mode, roleIds(path + ".roleIds", wire.roleIds()));
    }

    /** Snowflakes, at most {@link #MAX_ROLE_IDS}; distinct and ascending, so a repeated event is recognised as the same. */
    public static List<Long> roleIds(String path, List<String> ids) {
        if (ids.size() > MAX_ROLE_IDS) {
            throw InvalidEventException.field(path, "has " + ids.size() + " entries; at most " + MAX_ROLE_IDS);
        }
        TreeSet<Long> roles = new TreeSet<>();
        for (int i = 0; i < ids.size(); i++) {
            roles.add(Fields.snowflake(path + "[" + i + "]", ids.get(i)));
        }
        return List.copyOf(roles);
    }
}
