package dev.milk.reads.web;

import java.util.List;

/**
 * A page of a keyset listing. Queries fetch one row more than a page: its presence says a next
 * page exists without a count, and the page's last row is where the next one starts.
 *
 * @param items the rows of this page
 * @param last  the last row, when more follow; null on the last page
 */
public record KeysetPage<T>(List<T> items, T last) {

    public static <T> KeysetPage<T> of(List<T> fetched, int pageSize) {
        if (fetched.size() <= pageSize) {
            return new KeysetPage<>(fetched, null);
        }
        List<T> items = fetched.subList(0, pageSize);
        return new KeysetPage<>(items, items.getLast());
    }
}
