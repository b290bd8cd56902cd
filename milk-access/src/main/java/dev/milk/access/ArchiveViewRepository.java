package dev.milk.access;

import java.time.Instant;
import java.util.List;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

public interface ArchiveViewRepository extends JpaRepository<ArchiveView, Long> {

    /** Newest first, a keyset page: the views before {@code beforeId} (Long.MAX_VALUE for the first page). */
    List<ArchiveView> findByArchiveIdAndIdLessThanOrderByIdDesc(long archiveId, long beforeId, Limit limit);

    @Transactional
    @Modifying
    @Query("delete from ArchiveView v where v.viewedAt < :before")
    int deleteViewedBefore(Instant before);
}
