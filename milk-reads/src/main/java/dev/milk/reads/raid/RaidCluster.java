package dev.milk.reads.raid;

import java.util.Arrays;

import dev.milk.reads.web.BadRequestException;

/**
 * A pattern among a raid's accounts: those sharing a name, a name's shape, or an avatar. Its id,
 * {@code kind:key} ({@code stem:raider}, {@code avatar:a1b2…}, {@code noavatar}), is what the page
 * links with and what the {@code cluster} filter takes: it says what it selects, so a filter never
 * needs the page's list of clusters to mean something. The shapes are SQL functions of
 * {@code V11__raid_tools.sql}, shared by the grouping and the filter.
 */
record RaidCluster(Kind kind, String key) {

    static final int MAX_ID_LENGTH = 120;

    /** @param value the SQL expression over {@code raid_user} a cluster of this kind groups by */
    enum Kind {
        NAME("name", "lower(name)", "the same name"),
        STEM("stem", "milk_name_stem(name)", "the same letters with digits"),
        PREFIX("prefix", "milk_name_prefix(name)", "the same first word"),
        SUFFIX("suffix", "milk_name_suffix(name)", "the same last word"),
        AVATAR("avatar", "avatar_hash", "the same avatar"),
        NO_AVATAR("noavatar", "CASE WHEN avatar_hash IS NULL THEN '' END", "no avatar");

        private final String id;
        private final String value;
        private final String description;

        Kind(String id, String value, String description) {
            this.id = id;
            this.value = value;
            this.description = description;
        }

        String id() {
            return id;
        }

        /** Null where an account has no shape of this kind; {@link #NO_AVATAR}'s key is always empty. */
        String value() {
            return value;
        }

        String description() {
            return description;
        }
    }

    String id() {
        return kind == Kind.NO_AVATAR ? kind.id : kind.id + ":" + key;
    }

    /**
     * The condition selecting the cluster's accounts, its key bound as {@code :clusterKey}. A name's
     * key is lower-cased by PostgreSQL, as the grouping lowers names: one definition of a letter's case.
     */
    String condition() {
        return switch (kind) {
            case NO_AVATAR -> "avatar_hash IS NULL";
            case AVATAR -> "avatar_hash = :clusterKey";
            case NAME, STEM, PREFIX, SUFFIX -> kind.value + " = lower(:clusterKey)";
        };
    }

    /** @throws BadRequestException naming {@code cluster} when the id is not one a page links with */
    static RaidCluster parse(String id) {
        if (id.length() > MAX_ID_LENGTH) {
            throw invalid("is longer than " + MAX_ID_LENGTH + " characters");
        }
        if (id.equals(Kind.NO_AVATAR.id)) {
            return new RaidCluster(Kind.NO_AVATAR, null);
        }
        int colon = id.indexOf(':');
        String kindId = colon < 0 ? id : id.substring(0, colon);
        Kind kind = Arrays.stream(Kind.values()).filter(k -> k != Kind.NO_AVATAR && k.id.equals(kindId)).findFirst()
                .orElseThrow(() -> invalid("is not kind:key with a kind of name, stem, prefix, suffix, avatar, "
                        + "or noavatar"));
        String key = colon < 0 ? "" : id.substring(colon + 1);
        if (key.isEmpty()) {
            throw invalid("has no key after '" + kind.id + ":'");
        }
        if (key.chars().anyMatch(Character::isISOControl)) {
            throw invalid("has a control character");
        }
        return new RaidCluster(kind, key);
    }

    private static BadRequestException invalid(String why) {
        return new BadRequestException("cluster " + why);
    }
}
