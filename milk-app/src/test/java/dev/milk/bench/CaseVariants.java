package dev.milk.bench;

/**
 * The same search in other letters' case ({@code FrOm:5}): it searches the same, but no kept answer
 * (PageCache) has it, so each read is a first one.
 */
final class CaseVariants {

    private CaseVariants() {
    }

    /** The {@code n}th variant of {@code q}: its letters upper-cased where {@code n} has a bit set. */
    static String of(String q, int n) {
        StringBuilder variant = new StringBuilder(q);
        for (int c = 0, letter = 0; c < variant.length(); c++) {
            if (Character.isLetter(variant.charAt(c)) && (n >> letter++ & 1) == 1) {
                variant.setCharAt(c, Character.toUpperCase(variant.charAt(c)));
            }
        }
        return variant.toString();
    }
}
