package dev.milk.reads.access;

/** Where every granted read of an archive is told: non-public ones are logged, public ones counted. */
public interface ViewLog {

    /**
     * @param archiveId the archive's row id
     * @param route     page, json, txt, zip, dce (the DiscordChatExporter JSON), search or media
     */
    void viewed(long archiveId, Access access, String route);
}
