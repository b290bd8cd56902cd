package dev.milk.dce.format;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a DiscordChatExporter JSON export says before its {@code messages}: the guild, the channel,
 * the range asked for and (since 2023) when it was exported. Times stay as DCE wrote them (ISO 8601
 * with the exporting machine's offset, or UTC); {@link DceTimes} reads them.
 *
 * @param exportedAt absent from exports made before DCE 2.40 (July 2023)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DceHeader(Guild guild, Channel channel, DateRange dateRange, String exportedAt) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Guild(String id, String name, String iconUrl) {
    }

    /**
     * @param type       DCE's name of the channel kind ({@code GuildTextChat}, {@code GuildPublicThread}, ...)
     * @param categoryId the parent channel's id (a category, or a thread's channel); since 2021
     * @param category   the parent channel's name
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Channel(String id, String type, String categoryId, String category, String name, String topic,
            String iconUrl) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DateRange(String after, String before) {
    }
}
