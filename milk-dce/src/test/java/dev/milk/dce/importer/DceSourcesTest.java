package dev.milk.dce.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DCE's {@code --partition} names: the parts of one export make one archive, in their order. */
class DceSourcesTest {

    @TempDir
    Path folder;

    @Test
    void aFolderIsItsExportsEachWithItsPartsInOrder() throws IOException {
        for (String name : new String[] {"G - general [1].json", "G - general [1] [part 2].json",
                "G - general [1] [part 10].json", "G - rules [2].json", "notes.txt"}) {
            Files.writeString(folder.resolve(name), "{}");
        }
        var exports = DceSources.of(folder.toString(), InputStream.nullInputStream());
        assertThat(exports).extracting(DceSources.Export::name).containsExactly("G - general [1]", "G - rules [2]");
        assertThat(exports.getFirst().parts()).extracting(DceSources.Part::name).containsExactly(
                "G - general [1].json", "G - general [1] [part 2].json", "G - general [1] [part 10].json");

        // A file names its export, parts included.
        var one = DceSources.of(folder.resolve("G - general [1] [part 2].json").toString(), InputStream.nullInputStream());
        assertThat(one).hasSize(1);
        assertThat(one.getFirst().parts()).hasSize(3);
    }

    @Test
    void aDashIsStandardInput() {
        var exports = DceSources.of("-", InputStream.nullInputStream());
        assertThat(exports).extracting(DceSources.Export::name).containsExactly("standard input");
    }
}
