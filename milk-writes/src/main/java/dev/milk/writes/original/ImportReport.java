package dev.milk.writes.original;

import java.time.Duration;
import java.util.List;

/**
 * What one import run copied. "Already here" counts what an earlier run (or Milk itself) had
 * stored, so a second run reports everything as already here and adds nothing.
 *
 * @param raidsRefused     raids not imported: their public id is taken by another raid, their
 *                         internal id is Milk's under another public id, or their id cannot be
 *                         served; {@code refusedExamples} names a few
 * @param accountsOrphaned accounts whose raid is not in Milk (the older schema had no foreign key)
 */
record ImportReport(String source, OriginalSchema schema, long raidsRead, long raidsImported, long raidsRefused,
        List<String> refusedExamples, long accountsRead, long accountsImported, long accountsOrphaned, Duration took) {

    long raidsAlreadyHere() {
        return raidsRead - raidsImported - raidsRefused;
    }

    long accountsAlreadyHere() {
        return accountsRead - accountsImported - accountsOrphaned;
    }

    List<String> lines() {
        String refused = raidsRefused == 0 ? "" : "; " + raidsRefused + " refused (" + String.join(", ", refusedExamples)
                + (raidsRefused > refusedExamples.size() ? ", ..." : "") + ")";
        String orphaned = accountsOrphaned == 0 ? "" : "; " + accountsOrphaned + " without a raid, skipped";
        return List.of(
                "Imported the original Milk's database " + source + " (" + schema.description() + ") in "
                        + took.toMillis() / 1000.0 + " s",
                String.format("raids: %,d read, %,d imported, %,d already here%s", raidsRead, raidsImported,
                        raidsAlreadyHere(), refused),
                String.format("accounts: %,d read, %,d imported, %,d already here%s", accountsRead, accountsImported,
                        accountsAlreadyHere(), orphaned),
                "Every imported raid keeps its public id: /raid/<id> and /antispam/<id> answer as before");
    }
}
