package dev.milk.reads.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChangeCountsTest {

    private final ChangeCounts changes = new ChangeCounts();

    @Test
    void aChangeReachesThePathAndWhatIsUnderItOnly() {
        long page = changes.under("/archive/abc");
        long json = changes.under("/archive/abc.json");
        long search = changes.under("/archive/abc/search");
        long sibling = changes.under("/archive/abcd");
        changes.announce("/archive/abc");
        assertThat(changes.under("/archive/abc")).isEqualTo(page + 1);
        assertThat(changes.under("/archive/abc.json")).isEqualTo(json + 1);
        assertThat(changes.under("/archive/abc/search")).isEqualTo(search + 1);
        assertThat(changes.under("/archive/abcd")).as("another archive").isEqualTo(sibling);
    }

    @Test
    void aPathHoldsWhatIsUnderIt() {
        assertThat(ChangeCounts.holds("/archive/abc", "/archive/abc")).isTrue();
        assertThat(ChangeCounts.holds("/archive/abc", "/archive/abc.txt")).isTrue();
        assertThat(ChangeCounts.holds("/archive/abc", "/archive/abc/search")).isTrue();
        assertThat(ChangeCounts.holds("/archive/abc", "/archive/abcd")).isFalse();
        assertThat(ChangeCounts.holds("/archive/abc", "/archive/ab")).isFalse();
    }
}
