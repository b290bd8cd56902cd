package dev.milk.dce.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files beside an export get an address: those in its folder, never one a path leads out to. */
class MediaServerTest {

    @TempDir
    Path root;

    @Test
    void aFileInTheExportsFolderHasAnAddressAndNothingElseDoes() throws IOException {
        Path exports = Files.createDirectories(root.resolve("exports"));
        Path files = Files.createDirectories(exports.resolve("G - general [1].json_Files"));
        Files.writeString(files.resolve("cat #1-0123456789abcdef.png"), "png");
        Files.writeString(root.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(files.resolve("link-0123456789abcdef.png"), root.resolve("secret.txt"));
        var settings = new DceImportProperties.Media("https://files.example/dce", "", "", Duration.ofSeconds(1));
        try (MediaServer media = MediaServer.start(settings, exports)) {
            assertThat(media.resolve(exports, "G - general [1].json_Files\\cat #1-0123456789abcdef.png").url())
                    .isEqualTo("https://files.example/dce/G%20-%20general%20%5B1%5D.json_Files/cat%20%231-0123456789abcdef.png");
            assertThat(media.resolve(exports, "../secret.txt").problem()).contains("outside the export's folder");
            assertThat(media.resolve(exports, root.resolve("secret.txt").toString()).url()).isNull();
            assertThat(media.resolve(exports, "G - general [1].json_Files/link-0123456789abcdef.png").url())
                    .as("a link out of the folder").isNull();
            assertThat(media.resolve(exports, "G - general [1].json_Files/gone.png").problem()).contains("not there");
            Files.writeString(exports.resolve(".env"), "MILK_DISCORD_CLIENT_SECRET=x");
            Files.writeString(exports.resolve("G - staff [2].json"), "{}");
            Files.createDirectories(exports.resolve(".keys"));
            Files.writeString(exports.resolve(".keys/milk.p12"), "key");
            assertThat(media.resolve(exports, ".env").problem()).as("a hidden file").contains("not served");
            assertThat(media.resolve(exports, ".keys/milk.p12").url()).as("in a hidden folder").isNull();
            assertThat(media.resolve(exports, "G - staff [2].json").problem()).as("another export").contains("not served");
        }
    }
}
