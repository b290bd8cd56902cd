package dev.milk.reads.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MentionTextTest {

    private static final Mentions MENTIONS = new Mentions(Map.of(1L, new Mentions.Named("Jamie", null, null)),
            Map.of(2L, new Mentions.Named("Moderators", null, 0xE67E22)),
            Map.of(3L, new Mentions.Named("rules", null, null)));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '¦', textBlock = """
            user ¦ hi <@1> and <@!1> ¦ hi @Jamie and @Jamie
            role ¦ <@&2> ¦ @Moderators
            channel ¦ read <#3> ¦ read #rules
            unknown ids stay ids ¦ <@9> <@&9> <#9> ¦ @9 @9 #9
            ids past a long ¦ <@9999999999999999999> ¦ @9999999999999999999
            custom emoji ¦ <:milk:5><a:wave:6> ¦ :milk::wave:
            timestamps in every style ¦ <t:1763899200> <t:1763899200:R> ¦ 2025-11-23 12:00 UTC 2025-11-23 12:00 UTC
            a dollar sign is text ¦ <@1> paid $5 ¦ @Jamie paid $5
            """)
    void readsAsAReaderWouldSayIt(String why, String content, String text) {
        assertThat(MentionText.resolve(content, MENTIONS)).isEqualTo(text);
    }

    @Test
    void aHostileNameIsReturnedAsTextForTheCallerToEscape() {
        var hostile = new Mentions(Map.of(1L, new Mentions.Named("$1 \\\\ <script>", null, null)), Map.of(), Map.of());
        assertThat(MentionText.resolve("<@1>", hostile)).isEqualTo("@$1 \\\\ <script>");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '¦', textBlock = """
            join ¦ ¦ joined the server.
            pin ¦ ¦ pinned a message to this channel.
            boost ¦ ¦ just boosted the server!
            boost_tier_3 ¦ ¦ just boosted the server! The server has achieved Level 3!
            channel_name_change ¦ raid-log ¦ changed the channel name: raid-log
            channel_follow ¦ Milk News #updates ¦ has added Milk News #updates to this channel.
            call ¦ ¦ started a call.
            thread_created ¦ Ban appeals ¦ started a thread: Ban appeals
            """)
    void systemMessagesAreWordedAsDiscordWordsThem(String type, String content, String action) {
        var m = ArchivedMessage.builder(1, Instant.EPOCH).authorId(2).authorName("Alex")
                .content(content == null ? "" : content).type(type).build();
        assertThat(SystemMessages.action(m)).isEqualTo(action);
        assertThat(SystemMessages.text(m)).isEqualTo("Alex " + action);
    }

    @Test
    void anOrdinaryMessageOrAReplyIsNoSystemLine() {
        for (String type : new String[] {null, "reply"}) {
            var m = ArchivedMessage.builder(1, Instant.EPOCH).authorId(2).authorName("Alex").content("hi").type(type)
                    .build();
            assertThat(SystemMessages.action(m)).isNull();
        }
    }
}
