package dev.milk.access;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface UserForgetRepository extends JpaRepository<UserForget, Long> {

    /** The request a redelivery is the same as (its guild null for every guild). */
    @Query("select f from UserForget f where (f.guildId = :guildId or (f.guildId is null and :guildId is null))"
            + " and f.userId = :userId and f.requestedBy = :requestedBy"
            + " and (f.reason = :reason or (f.reason is null and :reason is null))")
    Optional<UserForget> findSame(Long guildId, long userId, long requestedBy, String reason);

    /** What the guild's staff see at /guild/{id}/privacy: its own requests and those for every guild. */
    @Query("select f from UserForget f where f.guildId = :guildId or f.guildId is null order by f.id desc")
    List<UserForget> findForGuild(long guildId);

    /** The requests about one user that reach a guild (its own and those for every guild): the subject-access export. */
    @Query("select f from UserForget f where f.userId = :userId and (f.guildId = :guildId or f.guildId is null)"
            + " order by f.id")
    List<UserForget> findAboutUser(long guildId, long userId);
}
