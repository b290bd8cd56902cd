package dev.milk.raid;

import java.util.ArrayList;
import java.util.List;

/**
 * A raid of known shape, as the raid page's tests publish it: 300 raiders a third of a second
 * apart from {@link #START}, made in one hour two days before, no avatar, named raider1000…; 80
 * spammers of one avatar two minutes later, a day old, named free.nitro.xx; 32 members over
 * twenty minutes, years old; and three of them named c++1, c++2, c++3 (a '+' a link must keep).
 */
final class RaidWaves {

    static final long START = 1_763_899_200_000L;
    static final long RAIDERS = 900_000_000_000_000_000L;
    static final long SPAMMERS = 910_000_000_000_000_000L;
    static final String SHARED_AVATAR = "a_0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private static final long DAY = 86_400_000L;

    private RaidWaves() {
    }

    static List<RaidUser> accounts() {
        List<RaidUser> users = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            users.add(new RaidUser(Long.toString(RAIDERS + i), "raider" + (1_000 + i), null,
                    START - 2 * DAY + i * 10_000L, START + i * 333L));
        }
        for (int i = 0; i < 80; i++) {
            users.add(new RaidUser(Long.toString(SPAMMERS + i), "free.nitro." + (char) ('a' + i % 26)
                    + (char) ('a' + i / 26), SHARED_AVATAR, START - DAY, START + 120_000L + i * 500L));
        }
        String[] names = {"Mara", "kestrel", "Orin Vale", "tidepool", "Juniper", "quill", "Sable", "wren"};
        for (int i = 0; i < 32; i++) {
            users.add(new RaidUser(Long.toString(920_000_000_000_000_000L + i), names[i % names.length]
                    + (i < names.length ? "" : " " + (char) ('A' + i / names.length)), null,
                    START - (400L + 97L * i) * DAY, START + i * 37_500L));
        }
        for (int i = 1; i <= 3; i++) {
            users.add(new RaidUser(Long.toString(930_000_000_000_000_000L + i), "c++" + i, null,
                    START - 900 * DAY, START + 600_000L + i * 1_000L));
        }
        return users;
    }
}
