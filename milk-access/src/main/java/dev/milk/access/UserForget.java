package dev.milk.access;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A {@code user.forget} request as applied: who asked, when, why, and how much it changed. */
@Entity
@Table(name = "user_forget")
public class UserForget {

    /**
     * What a forgotten member is called wherever Milk named them (archives, raid logs, the viewer
     * log): the writers write it, the reads recognise it (a raid's patterns leave such accounts out).
     */
    public static final String DELETED_USER = "Deleted user";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    /** Null: every guild. */
    @Column(name = "guild_id")
    private Long guildId;

    @Column(name = "user_id", nullable = false)
    private long userId;

    @Column(name = "requested_by", nullable = false)
    private long requestedBy;

    @Column(name = "reason")
    private String reason;

    @Column(name = "requested_at", nullable = false)
    private Instant requestedAt;

    @Column(name = "archives_changed", nullable = false)
    private int archivesChanged;

    @Column(name = "messages_changed", nullable = false)
    private int messagesChanged;

    @Column(name = "raids_changed", nullable = false)
    private int raidsChanged;

    @Column(name = "accounts_changed", nullable = false)
    private int accountsChanged;

    protected UserForget() {
    }

    public UserForget(Long guildId, long userId, long requestedBy, String reason, Instant requestedAt) {
        this.guildId = guildId;
        this.userId = userId;
        this.requestedBy = requestedBy;
        this.reason = reason;
        this.requestedAt = requestedAt;
    }

    public void changed(int archives, int messages, int raids, int accounts) {
        this.archivesChanged = archives;
        this.messagesChanged = messages;
        this.raidsChanged = raids;
        this.accountsChanged = accounts;
    }

    public Long id() {
        return id;
    }

    public Long guildId() {
        return guildId;
    }

    public long userId() {
        return userId;
    }

    public long requestedBy() {
        return requestedBy;
    }

    public String reason() {
        return reason;
    }

    public Instant requestedAt() {
        return requestedAt;
    }

    public int archivesChanged() {
        return archivesChanged;
    }

    public int messagesChanged() {
        return messagesChanged;
    }

    public int raidsChanged() {
        return raidsChanged;
    }

    public int accountsChanged() {
        return accountsChanged;
    }
}
