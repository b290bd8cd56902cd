package dev.milk.writes.raid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import dev.milk.writes.event.InvalidEventException;
import dev.milk.raid.RaidResponse;

class RaidCommandsTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Instant RECORD_TIME = Instant.parse("2026-11-23T11:59:00Z");
    private static final String USER = """
            {"id":"81384788765712384","name":"spam bot","avatarHash":"a_0123456789abcdef0123456789abcdef",
             "createdAtMillis":1700000000000,"joinedAtMillis":1763899000000}""";

    private static RaidCommand parse(String key, String json) {
        return record(key, json).command();
    }

    private static RaidRequestRecord record(String key, String json) {
        return RaidCommands.parse(key, json.getBytes(StandardCharsets.UTF_8), RECORD_TIME, NOW).orElseThrow();
    }

    @Test
    void readsABatchOfUsers() {
        var command = (RaidCommand.InsertUsers) parse("batch-insert-raid-users", """
                {"request":{"raidId":"r-1","guildId":"123456789012345678","users":[%s]},"response":null}"""
                .formatted(USER));
        assertThat(command.guildId()).isEqualTo(123456789012345678L);
        assertThat(command.users()).containsExactly(new RaidAccount(81384788765712384L, "spam bot",
                "a_0123456789abcdef0123456789abcdef", Instant.ofEpochMilli(1700000000000L),
                Instant.ofEpochMilli(1763899000000L)));
        assertThat(command.concludedAt()).isNull();
        assertThat(command.requestedAt()).isEqualTo(RECORD_TIME);
    }

    @Test
    void aConclusionWithoutTimeEndsAtTheRecordsTime() {
        var command = (RaidCommand.ConcludeRaid) parse("conclude-raid",
                "{\"request\":{\"raidId\":\"r-1\",\"guildId\":\"1\"}}");
        assertThat(command.concludedAt()).isEqualTo(RECORD_TIME);
    }

    @Test
    void repliesAreNotForMilkToActOn() {
        var parsed = RaidCommands.parse("create-raid",
                "{\"request\":null,\"response\":{\"publicId\":\"abc\",\"acknowledged\":true}}".getBytes(StandardCharsets.UTF_8),
                RECORD_TIME, NOW);
        assertThat(parsed).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            snowflake as a JSON number  | {"request":{"raidId":"r","guildId":123}}                          | request.guildId
            snowflake with letters      | {"request":{"raidId":"r","guildId":"12a"}}                        | request.guildId: must be a decimal string of 1-20 digits
            snowflake of 21 digits      | {"request":{"raidId":"r","guildId":"123456789012345678901"}}      | request.guildId: must be a decimal string of 1-20 digits
            snowflake beyond a long     | {"request":{"raidId":"r","guildId":"99999999999999999999"}}       | request.guildId: is larger than any Discord snowflake
            missing guild               | {"request":{"raidId":"r"}}                                        | request.guildId: is required
            missing raid id             | {"request":{"guildId":"1"}}                                       | request.raidId: is required
            raid id with a newline      | {"request":{"raidId":"a\\nb","guildId":"1"}}                      | request.raidId: must not contain control characters
            conclusion before Discord   | {"request":{"raidId":"r","guildId":"1","concludedAtMillis":5}}    | request.concludedAtMillis: must be epoch milliseconds between
            time as a string            | {"request":{"raidId":"r","guildId":"1","concludedAtMillis":"5"}}  | request.concludedAtMillis
            time as a fraction          | {"request":{"raidId":"r","guildId":"1","concludedAtMillis":1.5}}  | request.concludedAtMillis
            """)
    void namesTheBadFieldOfAConclusion(String why, String json, String reason) {
        assertThatThrownBy(() -> parse("conclude-raid", json))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> {
                    assertThat(e.kind()).isEqualTo(InvalidEventException.Kind.INVALID_FIELD);
                    assertThat(e.getMessage()).startsWith(reason);
                });
    }

    @Test
    void aCreationReadsTheGuildsNameAndTheReasonInEitherShape() {
        var named = (RaidCommand.CreateRaid) parse("create-raid", """
                {"request":{"raidId":"r-1","guildId":"1","guildName":"Café <Ünïcode> 🎉","reason":"40 joins\\nin a minute"}}""");
        assertThat(named.guildName()).isEqualTo("Café <Ünïcode> 🎉");
        assertThat(named.reason()).isEqualTo("40 joins\nin a minute");
        RaidRequestRecord bare = record("create-raid", "{\"raidId\":\"r-1\",\"guildId\":\"1\",\"guildName\":\"G\"}");
        assertThat(bare.shape()).isEqualTo(RaidValueShape.BARE);
        assertThat(((RaidCommand.CreateRaid) bare.command()).guildName()).isEqualTo("G");
        var plain = (RaidCommand.CreateRaid) parse("create-raid", "{\"request\":{\"raidId\":\"r-1\",\"guildId\":\"1\"}}");
        assertThat(plain.guildName()).isNull();
        assertThat(plain.reason()).isNull();
    }

    /** Only create-raid names a raid: the other requests leave both fields unread, as any field they do not know. */
    @Test
    void aBatchOrConclusionIgnoresTheNameAndReason() {
        String extra = ",\"guildName\":\"" + "x".repeat(500) + "\",\"reason\":\"\"";
        assertThat(parse("batch-insert-raid-users", "{\"request\":{\"raidId\":\"r\",\"guildId\":\"1\",\"users\":[]"
                + extra + "}}")).isInstanceOf(RaidCommand.InsertUsers.class);
        assertThat(parse("conclude-raid", "{\"raidId\":\"r\",\"guildId\":\"1\"" + extra + "}"))
                .isInstanceOf(RaidCommand.ConcludeRaid.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            guild name too long           | {"request":{"raidId":"r","guildId":"1","guildName":"%s"}}          | request.guildName: is longer than 100 characters
            guild name with a newline     | {"request":{"raidId":"r","guildId":"1","guildName":"a\\nb"}}         | request.guildName: must not contain control characters
            guild name with a bell        | {"raidId":"r","guildId":"1","guildName":"a\\u0007b"}                 | guildName: must not contain control characters
            guild name empty              | {"request":{"raidId":"r","guildId":"1","guildName":""}}            | request.guildName: must not be empty (leave it out instead)
            guild name as a number        | {"request":{"raidId":"r","guildId":"1","guildName":5}}             | request.guildName: must be a string
            guild name with lone surrogate | {"request":{"raidId":"r","guildId":"1","guildName":"a\\ud800"}}   | request.guildName: must be valid Unicode (it holds half of a surrogate pair)
            reason too long               | {"request":{"raidId":"r","guildId":"1","reason":"%s%<s%<s%<s%<s%<s%<s%<s%<s%<s"}} | request.reason: is longer than 1000 characters
            reason with NUL               | {"raidId":"r","guildId":"1","reason":"a\\u0000b"}                    | reason: must not contain NUL characters
            reason empty                  | {"request":{"raidId":"r","guildId":"1","reason":""}}               | request.reason: must not be empty (leave it out instead)
            """)
    void namesTheBadFieldOfACreation(String why, String json, String reason) {
        assertThatThrownBy(() -> parse("create-raid", json.formatted("x".repeat(101))))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> {
                    assertThat(e.kind()).isEqualTo(InvalidEventException.Kind.INVALID_FIELD);
                    assertThat(e.getMessage()).isEqualTo(reason);
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            user id missing       | "name":"n","createdAtMillis":1700000000000,"joinedAtMillis":1700000000000                          | request.users[1].id: is required
            name too long         | "id":"1","name":"%s","createdAtMillis":1700000000000,"joinedAtMillis":1700000000000                 | request.users[1].name: is longer than 100 characters
            name with NUL         | "id":"1","name":"a\\u0000b","createdAtMillis":1700000000000,"joinedAtMillis":1700000000000         | request.users[1].name: must not contain NUL
            name with lone surrogate | "id":"1","name":"a\\ud800b","createdAtMillis":1700000000000,"joinedAtMillis":1700000000000   | request.users[1].name: must be valid Unicode
            avatar hash with path | "id":"1","name":"n","avatarHash":"../x","createdAtMillis":1700000000000,"joinedAtMillis":1700000000000 | request.users[1].avatarHash: must be 1-64 characters
            joined in the future  | "id":"1","name":"n","createdAtMillis":1700000000000,"joinedAtMillis":1900000000000                 | request.users[1].joinedAtMillis: must be epoch milliseconds
            """)
    void namesTheBadFieldOfAUser(String why, String fields, String reason) {
        String user = "{" + fields.formatted("x".repeat(101)) + "}";
        String json = "{\"request\":{\"raidId\":\"r\",\"guildId\":\"1\",\"users\":[" + USER + "," + user + "]}}";
        assertThatThrownBy(() -> parse("batch-insert-raid-users", json))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith(reason);
    }

    @Test
    void refusesMoreThanTenThousandUsersPerRecord() {
        String json = "{\"request\":{\"raidId\":\"r\",\"guildId\":\"1\",\"users\":["
                + String.join(",", Collections.nCopies(10_001, USER)) + "]}}";
        assertThatThrownBy(() -> parse("batch-insert-raid-users", json))
                .hasMessage("request.users: has 10001 entries; at most 10000 per record");
    }

    @Test
    void malformedJsonAndUnknownKeysAreTheirOwnKinds() {
        assertThatThrownBy(() -> parse("create-raid", "{\"request\":"))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> {
                    assertThat(e.kind()).isEqualTo(InvalidEventException.Kind.MALFORMED);
                    assertThat(e.getMessage()).startsWith("malformed JSON");
                });
        assertThatThrownBy(() -> parse("delete-raid", "{\"request\":{\"raidId\":\"r\",\"guildId\":\"1\"}}"))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> {
                    assertThat(e.kind()).isEqualTo(InvalidEventException.Kind.UNKNOWN_TYPE);
                    assertThat(e.getMessage()).isEqualTo("unknown record key 'delete-raid'; expected one of "
                            + "create-raid, batch-insert-raid-users, conclude-raid");
                });
    }

    @Test
    void invalidUtf8IsMalformedNotReplaced() {
        byte[] value = {'{', '"', 'r', 'e', 'q', 'u', 'e', 's', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThatThrownBy(() -> RaidCommands.parse("create-raid", value, RECORD_TIME, NOW))
                .isInstanceOf(InvalidEventException.class);
    }

    @Test
    void aBareRequestIsReadAndItsFieldsNamedWithoutTheEnvelope() {
        RaidRequestRecord bare = record("batch-insert-raid-users",
                "{\"raidId\":\"r\",\"guildId\":\"1\",\"users\":[" + USER + "]}");
        assertThat(bare.shape()).isEqualTo(RaidValueShape.BARE);
        assertThat(((RaidCommand.InsertUsers) bare.command()).users()).hasSize(1);
        assertThat(record("create-raid", "{\"request\":{\"raidId\":\"r\",\"guildId\":\"1\"},\"response\":null}")
                .shape()).isEqualTo(RaidValueShape.ENVELOPE);
        assertThatThrownBy(() -> parse("batch-insert-raid-users",
                "{\"raidId\":\"r\",\"guildId\":\"1\",\"users\":[{\"name\":\"n\"}]}"))
                .hasMessage("users[0].id: is required");
        assertThatThrownBy(() -> parse("create-raid", "{\"request\":null,\"response\":null}"))
                .hasMessage("request: is required");
    }

    @Test
    void aRefusedValueIsAnsweredInTheShapeItCameIn() {
        assertThat(RaidValueShape.guess("{\"raidId\":\"r\",\"guildId\":12}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(RaidValueShape.BARE);
        assertThat(RaidValueShape.guess("{\"request\":{\"raidId\":\"r\"}}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(RaidValueShape.ENVELOPE);
        assertThat(RaidValueShape.guess("not json".getBytes(StandardCharsets.UTF_8))).isEqualTo(RaidValueShape.ENVELOPE);
        assertThat(new String(RaidValueShape.BARE.reply(RaidResponse.refused(null, "why")), StandardCharsets.UTF_8))
                .isEqualTo("{\"acknowledged\":false,\"error\":\"why\"}");
        assertThat(new String(RaidValueShape.ENVELOPE.reply(RaidResponse.accepted("abc")), StandardCharsets.UTF_8))
                .isEqualTo("{\"request\":null,\"response\":{\"publicId\":\"abc\",\"acknowledged\":true}}");
    }

    @Test
    void anEmptyBatchIsValid() {
        var command = (RaidCommand.InsertUsers) parse("batch-insert-raid-users",
                "{\"request\":{\"raidId\":\"r\",\"guildId\":\"1\",\"users\":[]}}");
        assertThat(command.users()).isEqualTo(List.of());
    }
}
