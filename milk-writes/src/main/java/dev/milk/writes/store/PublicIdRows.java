package dev.milk.writes.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.milk.publicid.PublicIds;

/**
 * Creates the rows of things that get a public id (raids, archives). The insert must be
 * {@code ON CONFLICT DO NOTHING}: a row created meanwhile by another consumer is then found by the
 * re-read, and a public id collision (astronomically rare) is drawn again.
 */
public final class PublicIdRows<R> {

    private static final int MAX_ATTEMPTS = 5;

    /** Inserts one row per internal id, with the public id at the same position. */
    public interface Insert {
        void rows(List<String> internalIds, List<String> publicIds);
    }

    private final PublicIds publicIds = new PublicIds();
    private final Insert insert;
    private final Function<Set<String>, Map<String, R>> find;

    public PublicIdRows(Insert insert, Function<Set<String>, Map<String, R>> find) {
        this.insert = insert;
        this.find = find;
    }

    /** @return the stored row of every given internal id */
    public Map<String, R> create(Collection<String> internalIds) {
        Map<String, R> created = new HashMap<>();
        List<String> pending = new ArrayList<>(internalIds);
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (attempt > MAX_ATTEMPTS) {
                throw new IllegalStateException("no unique public id after " + MAX_ATTEMPTS + " attempts");
            }
            insert.rows(pending, pending.stream().map(id -> publicIds.next()).toList());
            Map<String, R> found = find.apply(Set.copyOf(pending));
            created.putAll(found);
            pending = pending.stream().filter(id -> !found.containsKey(id)).collect(Collectors.toList());
        }
        return created;
    }
}
