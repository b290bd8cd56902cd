package dev.milk.access;

import org.springframework.data.jpa.repository.JpaRepository;

public interface GuildAccessRepository extends JpaRepository<GuildAccess, Long> {
}
