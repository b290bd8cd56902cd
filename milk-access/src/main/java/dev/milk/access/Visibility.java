package dev.milk.access;

import java.util.List;
import java.util.Locale;

/**
 * Who may read an archive or a raid log: anyone with its link, the members of its guild, members
 * holding one of some roles, or the guild's staff (the roles {@code guild.access} names). The staff
 * may read every archive of their guild, whatever its visibility.
 *
 * @param roleIds for {@link Mode#ROLES} only, never empty there; empty otherwise
 */
public record Visibility(Mode mode, List<Long> roleIds) {

    public static final Visibility PUBLIC = new Visibility(Mode.PUBLIC, List.of());

    public enum Mode {
        PUBLIC, MEMBERS, ROLES, STAFF;

        /** As the wire and the database spell it: {@code public}, {@code members}, {@code roles}, {@code staff}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @return null when no mode has this name */
        public static Mode ofWireName(String name) {
            for (Mode mode : values()) {
                if (mode.wireName().equals(name)) {
                    return mode;
                }
            }
            return null;
        }
    }

    public Visibility {
        roleIds = roleIds == null ? List.of() : List.copyOf(roleIds);
        if (mode == Mode.ROLES && roleIds.isEmpty()) {
            throw new IllegalArgumentException("mode roles needs at least one role id");
        }
        if (mode != Mode.ROLES && !roleIds.isEmpty()) {
            throw new IllegalArgumentException("only mode roles names role ids");
        }
    }

    public boolean isPublic() {
        return mode == Mode.PUBLIC;
    }

    /** From the two columns a visibility is stored in; null when the mode column is. */
    public static Visibility of(String mode, Long[] roleIds) {
        if (mode == null) {
            return null;
        }
        Mode parsed = Mode.ofWireName(mode);
        if (parsed == null) {
            throw new IllegalStateException("unknown visibility mode in the database: " + mode);
        }
        return new Visibility(parsed, roleIds == null ? List.of() : List.of(roleIds));
    }

    /** The role ids as the {@code bigint[]} column holds them: null unless mode roles. */
    public Long[] roleIdColumn() {
        return mode == Mode.ROLES ? roleIds.toArray(Long[]::new) : null;
    }
}
