package dev.milk.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.annotation.JsonSubTypes;

import tools.jackson.databind.JsonNode;

import dev.milk.MilkEndToEndTest;
import dev.milk.archive.ArchiveEvent;
import dev.milk.client.MilkClientSettings;
import dev.milk.contract.ContractDocument.Example;
import dev.milk.raid.RaidAction;
import dev.milk.wire.BrokerHeaders;
import dev.milk.wire.ReplyStatus;
import dev.milk.writes.WritesProperties;
import dev.milk.writes.archive.ArchiveCommands;
import dev.milk.writes.intake.TopicIntake;
import dev.milk.writes.raid.RaidCommands;

/**
 * The AsyncAPI document as the reads role serves it, complete against what Milk knows (a new event
 * type, header, reply status or limit without its documentation fails here), and showing the same
 * worked examples as docs/events.md.
 */
class ContractDocumentTest extends MilkEndToEndTest {

    private static final Path EVENTS = Path.of("..", "docs", "events.md").toAbsolutePath().normalize();
    /** A worked example on the events page: a YAML block whose first line names it. */
    private static final Pattern EXAMPLE = Pattern.compile("```yaml\n# ([^\n]+)\n(.*?)```", Pattern.DOTALL);

    private final ContractDocument contract = ContractDocument.load();

    @Autowired
    WritesProperties writes;

    @Test
    void theReadsRoleServesTheDocumentAsYaml() {
        HttpResponse<String> answer = get("/asyncapi.yaml");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/yaml");
        assertThat(answer.body()).isEqualTo(ContractDocument.text());
        assertThat(ContractDocument.parse(answer.body()).root().get("asyncapi").asString()).isEqualTo("3.0.0");

        // As /openapi.json: other sites' tools (AsyncAPI Studio) may read it, and it travels gzipped when asked.
        assertThat(get("/asyncapi.yaml", "Origin", "https://studio.asyncapi.com").headers()
                .firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(get("/asyncapi.yaml", "Accept-Encoding", "gzip").headers().firstValue("Content-Encoding"))
                .hasValue("gzip");
    }

    @Test
    void everyEventHeaderAndStatusMilkKnowsIsDocumented() {
        assertThat(names(contract.messages("receive").stream()
                .filter(id -> contract.topicOf(id).equals(writes.raid().topic()))
                .map(id -> contract.message(id).get("name").asString()).toList()))
                .as("raid requests").isEqualTo(names(Arrays.stream(RaidAction.values()).map(RaidAction::key).toList()));
        assertThat(names(contract.messageNames("archives"))).as("archive event types").isEqualTo(names(
                Arrays.stream(ArchiveEvent.class.getAnnotation(JsonSubTypes.class).value()).map(JsonSubTypes.Type::name)
                        .toList()));

        Set<String> documentedHeaders = new TreeSet<>();
        for (String schema : List.of("WaterRequestHeaders", "LatteRequestHeaders", "WaterReplyHeaders", "LatteReplyHeaders")) {
            documentedHeaders.addAll(contract.schema(schema).get("properties").propertyNames());
        }
        assertThat(documentedHeaders).as("Beemo's broker headers").isEqualTo(constants(BrokerHeaders.class));
        assertThat(names(values(contract.schema("LatteReplyHeaders").get("properties").get("rpc-response-status").get("enum"))))
                .as("reply statuses").isEqualTo(names(Arrays.stream(ReplyStatus.values())
                        .map(status -> Integer.toString(status.code())).toList()));

        for (JsonNode message : contract.root().get("components").get("messages")) {
            assertThat(message.get("examples")).as(message.get("name").asString() + " has examples").isNotEmpty();
        }
    }

    @Test
    void topicsAndLimitsAreMilksOwn() {
        JsonNode channels = contract.root().get("channels");
        assertThat(channels.get("raids").get("address").asString())
                .isEqualTo(writes.raid().topic()).isEqualTo(MilkClientSettings.RAID_TOPIC);
        assertThat(channels.get("archives").get("address").asString())
                .isEqualTo(writes.archive().topic()).isEqualTo(MilkClientSettings.ARCHIVE_TOPIC);
        for (var topic : List.<WritesProperties.ConsumedTopic>of(writes.raid(), writes.archive())) {
            JsonNode channel = channel(topic.topic());
            JsonNode deadLetters = channel(TopicIntake.deadLetterTopic(topic.topic()));
            assertThat(kafka(channel).get("partitions").asInt()).isEqualTo(topic.partitions());
            assertThat(kafka(deadLetters).get("partitions").asInt()).isEqualTo(topic.partitions());
            assertThat(kafka(channel).get("topicConfiguration").get("max.message.bytes").asInt())
                    .isEqualTo(writes.maxRecordBytes());
            assertThat(kafka(deadLetters).get("topicConfiguration").get("max.message.bytes").asInt())
                    .isEqualTo(writes.deadLetterBytes());
        }
        JsonNode operationBindings = contract.root().get("components").get("operationBindings");
        assertThat(operationBindings.get("raidWriters").get("kafka").get("groupId").get("enum").get(0).asString())
                .isEqualTo(writes.groupOf(writes.raid()));
        assertThat(operationBindings.get("archiveWriters").get("kafka").get("groupId").get("enum").get(0).asString())
                .isEqualTo(writes.groupOf(writes.archive()));

        assertThat(contract.schema("RaidId").get("maxLength").asInt()).isEqualTo(RaidCommands.MAX_RAID_ID_LENGTH);
        assertThat(contract.schema("BatchInsertRaidUsersRequest").get("properties").get("users").get("maxItems").asInt())
                .isEqualTo(RaidCommands.MAX_USERS_PER_RECORD);
        assertThat(contract.schema("RaidUser").get("properties").get("name").get("maxLength").asInt())
                .isEqualTo(RaidCommands.MAX_NAME_LENGTH);
        assertThat(contract.schema("CreateRaidRequest").get("properties").get("guildName").get("maxLength").asInt())
                .isEqualTo(RaidCommands.MAX_GUILD_NAME_LENGTH);
        assertThat(contract.schema("CreateRaidRequest").get("properties").get("reason").get("maxLength").asInt())
                .isEqualTo(RaidCommands.MAX_REASON_LENGTH);
        assertThat(contract.schema("ArchiveMessages").get("properties").get("messages").get("maxItems").asInt())
                .isEqualTo(ArchiveCommands.MAX_MESSAGES_PER_RECORD);
        assertThat(contract.schema("ArchiveRedacted").get("properties").get("messageIds").get("maxItems").asInt())
                .isEqualTo(ArchiveCommands.MAX_MESSAGES_PER_RECORD);
    }

    @Test
    void theEventsPageShowsTheSameWorkedExamples() throws IOException {
        Map<String, Example> documented = new LinkedHashMap<>();
        contract.examples().forEach(example -> documented.put(example.name(), example));
        List<String> shown = new ArrayList<>();
        Matcher block = EXAMPLE.matcher(Files.readString(EVENTS));
        while (block.find()) {
            String name = block.group(1);
            shown.add(name);
            Example example = documented.get(name);
            assertThat(example).as("docs/events.md shows '" + name + "', which asyncapi.yaml has not").isNotNull();
            JsonNode page = ContractDocument.YAML.readTree(block.group(2));
            assertThat(page.get("key").asString()).as(name + ": key").isEqualTo(example.key());
            assertThat(List.copyOf(ContractDocument.headers(page.get("headers")).entrySet())).as(name + ": headers")
                    .isEqualTo(List.copyOf(example.headers().entrySet()));
            assertThat(page.get("value")).as(name + ": value").isEqualTo(example.value());
        }
        assertThat(shown).as("the examples docs/events.md shows, once each")
                .containsExactlyInAnyOrderElementsOf(documented.keySet());
    }

    private JsonNode channel(String address) {
        for (JsonNode channel : contract.root().get("channels")) {
            if (channel.get("address").asString().equals(address)) {
                return channel;
            }
        }
        throw new AssertionError("no channel for " + address);
    }

    private static JsonNode kafka(JsonNode channel) {
        return channel.get("bindings").get("kafka");
    }

    private static Set<String> names(List<String> names) {
        return new TreeSet<>(names);
    }

    private static List<String> values(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }

    /** The values of a class's public text constants. */
    private static Set<String> constants(Class<?> type) {
        return Arrays.stream(type.getFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == String.class)
                .map(ContractDocumentTest::value).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }
}
