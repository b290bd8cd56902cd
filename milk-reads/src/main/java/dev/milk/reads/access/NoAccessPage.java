package dev.milk.reads.access;

/** The 403 page: which guild, and that access is missing; nothing of the page asked for, not even its title. */
public record NoAccessPage(Long guildId, LogoutForm logout) {
}
