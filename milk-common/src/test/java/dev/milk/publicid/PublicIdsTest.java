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
            assertThat(PublicIds.isWellFormed(id)).as(id).isTrue();
            assertThat(seen.add(id)).as("repeated " + id).isTrue();
        }
    }

    @Test
    void recognisesOnlyWellFormedIds() {
        assertThat(PublicIds.isWellFormed("abcDEF012_-x")).isTrue();
        assertThat(PublicIds.isWellFormed("abcDEF012_-")).isFalse();
        assertThat(PublicIds.isWellFormed("abcDEF012_-xy")).isFalse();
        assertThat(PublicIds.isWellFormed("abcDEF012_/x")).isFalse();
        assertThat(PublicIds.isWellFormed(null)).isFalse();
    }
}
