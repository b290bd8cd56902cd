package dev.milk.dce.importer;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

import dev.milk.settings.SettingException;

/**
 * What role {@code import-dce} imports and how ({@code MILK_IMPORT_DCE_*}).
 *
 * @param path       an export file (its {@code [part N]} files beside it join it), a folder of exports, or
 *                   {@code -} for one export on standard input ({@code MILK_IMPORT_DCE_PATH})
 * @param createdBy  the user id the archives name as their creator ({@code MILK_IMPORT_DCE_CREATED_BY})
 * @param visibility who may read the archives: {@code public}, {@code members} or {@code staff}; empty: the
 *                   guild's default ({@code MILK_IMPORT_DCE_VISIBILITY})
 * @param batch      messages per {@code archive.messages} record ({@code MILK_IMPORT_DCE_BATCH})
 * @param media      the files of {@code --media} exports ({@code MILK_IMPORT_DCE_MEDIA_*})
 */
@ConfigurationProperties("milk.import.dce")
public record DceImportProperties(String path, @DefaultValue("0") String createdBy, @DefaultValue("") String visibility,
        @DefaultValue("200") int batch, @DefaultValue Media media) {

    public DceImportProperties {
        if (!StringUtils.hasText(path)) {
            throw new SettingException("MILK_IMPORT_DCE_PATH",
                    "is not set; role import-dce imports the DiscordChatExporter export (a file, a folder, or - for stdin) it names");
        }
        if (!createdBy.matches("[0-9]{1,20}")) {
            throw new SettingException("MILK_IMPORT_DCE_CREATED_BY", "must be a Discord user id; it is '" + createdBy + "'");
        }
        if (!visibility.isEmpty() && !visibility.matches("public|members|staff")) {
            throw new SettingException("MILK_IMPORT_DCE_VISIBILITY", "must be public, members or staff; it is '" + visibility + "'");
        }
        if (batch < 1 || batch > 1_000) {
            throw new SettingException("MILK_IMPORT_DCE_BATCH", "must be from 1 to 1000; it is " + batch);
        }
    }

    /**
     * @param url              the https address at which Milk's writers reach the exports' folder; empty: files beside
     *                         an export are not copied ({@code MILK_IMPORT_DCE_MEDIA_URL})
     * @param keyStore         a PKCS12 key store for {@code url}'s host: the importer then serves the folder itself
     *                         on {@code url}'s port; empty: something else serves it at {@code url}
     *                         ({@code MILK_IMPORT_DCE_MEDIA_KEY_STORE}, {@code _PASSWORD})
     * @param idle             how long the importer keeps serving after the last file was asked for, while some
     *                         were not yet ({@code MILK_IMPORT_DCE_MEDIA_IDLE})
     */
    public record Media(@DefaultValue("") String url, @DefaultValue("") String keyStore,
            @DefaultValue("") String keyStorePassword, @DefaultValue("2m") Duration idle) {

        public Media {
            if (!url.isEmpty() && !url.matches("https://[^/?#]+(/[^?#]*)?")) {
                throw new SettingException("MILK_IMPORT_DCE_MEDIA_URL",
                        "must be an https address (Milk copies only over https); it is '" + url + "'");
            }
            if (!keyStore.isEmpty() && url.isEmpty()) {
                throw new SettingException("MILK_IMPORT_DCE_MEDIA_KEY_STORE",
                        "is set without MILK_IMPORT_DCE_MEDIA_URL, the address writers reach it at");
            }
            url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
    }
}
