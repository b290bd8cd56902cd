package dev.milk.writes.forget;

/** What a {@code user.forget} changed: the counts its audit row keeps and its reply carries. */
public record ForgetCounts(int archives, int messages, int raids, int accounts) {
}
