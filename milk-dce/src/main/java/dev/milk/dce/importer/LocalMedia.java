package dev.milk.dce.importer;

import java.nio.file.Path;

/**
 * The files a {@code --media} export names by a path beside it: each becomes an https address
 * Milk's copier may fetch it from, or is left out saying why.
 */
interface LocalMedia {

    /** What became of a path: its address, or why it has none. */
    record Resolved(String url, String problem) {
    }

    /** @param directory the folder of the export that names {@code path} */
    Resolved resolve(Path directory, String path);

    /** No address to serve them at: each file beside an export is left out. */
    LocalMedia NONE = (directory, path) -> new Resolved(null,
            "is a file beside the export (" + path + "), and MILK_IMPORT_DCE_MEDIA_URL is not set to copy it");
}
