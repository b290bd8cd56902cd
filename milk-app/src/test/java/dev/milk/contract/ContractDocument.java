package dev.milk.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import dev.milk.wire.BrokerHeaders;
import dev.milk.wire.Generation;

/**
 * Milk's AsyncAPI document, the copy the reads role serves: its messages and their worked
 * examples, each a record as it travels.
 */
record ContractDocument(JsonNode root) {

    static final String RESOURCE = "/static/asyncapi.yaml";
    static final YAMLMapper YAML = YAMLMapper.builder().build();

    /** Every example's summary starts with its record key: AsyncAPI 3's examples have no field for it. */
    private static final Pattern KEY = Pattern.compile("^Key `([^`]+)`");

    /**
     * One worked example of a message.
     *
     * @param message the message's id in {@code components.messages}
     * @param headers in the order they are sent
     */
    record Example(String message, String name, String key, Map<String, String> headers, JsonNode value) {

        Example withHeaders(Map<String, String> others) {
            return new Example(message, name, key, others, value);
        }

        Example withValue(JsonNode other) {
            return new Example(message, name, key, headers, other);
        }

        /** {@code request-id} (generation 1) or {@code message-id} (generation 2); null for neither. */
        String correlationId() {
            String requestId = headers.get(BrokerHeaders.REQUEST_ID);
            return requestId != null ? requestId : headers.get(BrokerHeaders.MESSAGE_ID);
        }

        Generation generation() {
            return headers.containsKey(BrokerHeaders.REQUEST_ID) ? Generation.WATER : Generation.LATTE;
        }

        /** The correlation id of the request a reply answers. */
        String answers() {
            String inReplyTo = headers.get(BrokerHeaders.RPC_IN_REPLY_TO);
            return inReplyTo != null ? inReplyTo : headers.get(BrokerHeaders.REQUEST_ID);
        }
    }

    static ContractDocument load() {
        return parse(text());
    }

    static ContractDocument parse(String yaml) {
        return new ContractDocument(YAML.readTree(yaml));
    }

    static String text() {
        try (InputStream in = ContractDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ids of the messages Milk takes ({@code receive}), answers with ({@code reply}) or dead-letters ({@code send}). */
    List<String> messages(String role) {
        List<String> ids = new ArrayList<>();
        for (JsonNode operation : root.get("operations")) {
            JsonNode refs = switch (role) {
                case "receive", "send" -> role.equals(operation.get("action").asString()) ? operation.get("messages") : null;
                case "reply" -> operation.has("reply") ? operation.get("reply").get("messages") : null;
                default -> throw new IllegalArgumentException(role);
            };
            if (refs != null) {
                refs.forEach(ref -> {
                    String id = lastSegment(ref.get("$ref").asString());
                    if (!ids.contains(id)) {
                        ids.add(id);
                    }
                });
            }
        }
        return ids;
    }

    /** The examples of every message of {@code role} ({@link #messages}), in the document's order. */
    List<Example> examplesOf(String role) {
        List<Example> examples = new ArrayList<>();
        messages(role).forEach(id -> examples.addAll(examples(id)));
        return examples;
    }

    /** The {@code name}s of a channel's messages: the record keys or event types they stand for. */
    List<String> messageNames(String channel) {
        List<String> names = new ArrayList<>();
        root.get("channels").get(channel).get("messages")
                .forEach(ref -> names.add(message(lastSegment(ref.get("$ref").asString())).get("name").asString()));
        return names;
    }

    JsonNode message(String id) {
        return root.get("components").get("messages").get(id);
    }

    JsonNode schema(String name) {
        return root.get("components").get("schemas").get(name);
    }

    /** The address (topic) of the channel a message travels on. */
    String topicOf(String messageId) {
        for (JsonNode channel : root.get("channels")) {
            for (JsonNode ref : channel.get("messages")) {
                if (lastSegment(ref.get("$ref").asString()).equals(messageId)) {
                    return channel.get("address").asString();
                }
            }
        }
        throw new IllegalArgumentException("no channel carries " + messageId);
    }

    List<Example> examples(String messageId) {
        List<Example> examples = new ArrayList<>();
        for (JsonNode example : message(messageId).get("examples")) {
            String name = example.get("name").asString();
            Matcher key = KEY.matcher(example.path("summary").asString(""));
            if (!key.find()) {
                throw new IllegalStateException("example '" + name + "' of " + messageId + " names no key");
            }
            examples.add(new Example(messageId, name, key.group(1), headers(example.get("headers")),
                    example.get("payload")));
        }
        return examples;
    }

    List<Example> examples() {
        List<Example> all = new ArrayList<>();
        root.get("components").get("messages").propertyNames().forEach(id -> all.addAll(examples(id)));
        return all;
    }

    /** The header names a schema requires, in the order it lists them. */
    List<String> requiredHeaders(String schema) {
        List<String> names = new ArrayList<>();
        schema(schema).get("required").forEach(name -> names.add(name.asString()));
        return names;
    }

    static Map<String, String> headers(JsonNode headers) {
        Map<String, String> map = new LinkedHashMap<>();
        if (headers != null) {
            headers.properties().forEach(header -> {
                if (!header.getValue().isString()) {
                    throw new IllegalStateException("header " + header.getKey() + " is " + header.getValue()
                            + ", not a text: quote it");
                }
                map.put(header.getKey(), header.getValue().asString());
            });
        }
        return map;
    }

    private static String lastSegment(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }
}
