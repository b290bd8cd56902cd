package dev.milk.access;

import java.time.Instant;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface ArchiveShareRepository extends JpaRepository<ArchiveShare, Long> {

    Optional<ArchiveShare> findByShareId(String shareId);

    Optional<ArchiveShare> findByArchiveIdAndCreatedByAndExpiresAt(long archiveId, long createdBy, Instant expiresAt);

    @Query("select s from ArchiveShare s join s.tokenHashes t where t = :tokenHash")
    Optional<ArchiveShare> findByTokenHash(String tokenHash);
}
