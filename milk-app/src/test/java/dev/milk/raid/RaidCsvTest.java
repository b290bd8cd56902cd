package dev.milk.raid;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.milk.MilkEndToEndTest;

class RaidCsvTest extends MilkEndToEndTest {

    @Test
    void everyAccountAsCsvWithNamesThatCannotBecomeFormulas() {
        String publicId = publish(newRaidId(), List.of(
                new RaidUser("999999999999999999", "=HYPERLINK(\"http://evil\",\"x\")", null, 1_700_000_000_000L,
                        1_763_899_200_000L),
                new RaidUser("1000000000000000001", "comma, \"quote\"\nnewline", null, 1_700_000_000_000L,
                        1_763_899_201_500L),
                new RaidUser("1000000000000000002", "@everyone", null, 1_700_000_000_000L, 1_763_899_201_500L)));

        HttpResponse<String> csv = get("/raid/" + publicId + ".csv");

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv;charset=UTF-8");
        assertThat(csv.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"raid-" + publicId + ".csv\"");
        assertThat(csv.body()).isEqualTo("id,name,joined_at,created_at\r\n"
                + "999999999999999999,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",2025-11-23T12:00:00.000Z,2023-11-14T22:13:20.000Z\r\n"
                + "1000000000000000001,\"comma, \"\"quote\"\"\nnewline\",2025-11-23T12:00:01.500Z,2023-11-14T22:13:20.000Z\r\n"
                + "1000000000000000002,\"'@everyone\",2025-11-23T12:00:01.500Z,2023-11-14T22:13:20.000Z\r\n");
    }

    @Test
    void aLargeRaidStreamsEveryAccountOnce() {
        String publicId = publish(newRaidId(), accounts(820_000_000_000_000_000L, 25_000, 1_763_899_000_000L, 3));
        List<String> lines = get("/raid/" + publicId + ".csv").body().lines().toList();
        assertThat(lines).hasSize(25_001);
        assertThat(lines.subList(1, lines.size())).extracting(l -> l.substring(0, l.indexOf(','))).doesNotHaveDuplicates();
        assertThat(get("/raid/AAAAAAAAAAAA.csv").statusCode()).isEqualTo(404);
    }
}
