package dev.milk.publicid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PublicIdsTest {

    @Test
    void idsAreTwelveUrlSafeCharactersAndDoNotRepeat() {
        PublicIds ids = new PublicIds();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String id = ids.next();
            assertThat(id).hasSize(12).matches("[A-Za-z0-9_-]+");
            assertThat(seen.add(id)).as("repeated " + id).isTrue();
        }
    }

    /** The original Milk's ids are 12 letters and digits, but a link may hold any it gave out. */
    @Test
    void recognisesIdsOfAnyLengthUpTo64UrlSafeCharacters() {
        assertThat(PublicIds.isWellFormed("abcDEF012_-x")).isTrue();
        assertThat(PublicIds.isWellFormed("a")).isTrue();
        assertThat(PublicIds.isWellFormed("x".repeat(64))).isTrue();
        assertThat(PublicIds.isWellFormed("x".repeat(65))).isFalse();
        assertThat(PublicIds.isWellFormed("")).isFalse();
        assertThat(PublicIds.isWellFormed("abcDEF012_/x")).isFalse();
        assertThat(PublicIds.isWellFormed("abc.json")).isFalse();
        assertThat(PublicIds.isWellFormed(null)).isFalse();
    }
}
