package dev.milk.reads.raid;

import java.io.IOException;
import java.io.Writer;

/**
 * Every account of a raid as CSV (RFC 4180), for ban tooling. Names are user content: quoted, and
 * a name a spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed with a quote.
 */
final class RaidCsv {

    static final String HEADER = "id,name,joined_at,created_at\r\n";

    private RaidCsv() {
    }

    static void row(Writer out, RaidMember member) throws IOException {
        out.write(Long.toString(member.id()));
        out.write(',');
        out.write(quoted(member.name()));
        out.write(',');
        out.write(RaidText.time(member.joinedAt()));
        out.write(',');
        out.write(RaidText.time(member.createdAt()));
        out.write("\r\n");
    }

    static String quoted(String name) {
        String safe = !name.isEmpty() && "=+-@\t\r".indexOf(name.charAt(0)) >= 0 ? "'" + name : name;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }
}
