package dev.milk.media;

import java.time.Duration;
import java.util.List;

import static dev.milk.settings.SettingChecks.requirePositive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Copies of archived media ({@code MILK_MEDIA_*}).
 *
 * @param copy               whether writers copy media at all ({@code MILK_MEDIA_COPY})
 * @param allowedHosts       the only hosts copied from, redirects included; Discord's CDN by default
 *                           ({@code MILK_MEDIA_ALLOWED_HOSTS})
 * @param allowedNetworks    private networks (CIDR) a copy may still come from, say a CDN mirror
 *                           inside the cluster; none by default: loopback, private, link-local and
 *                           other non-public addresses are refused ({@code MILK_MEDIA_ALLOWED_NETWORKS})
 * @param maxFileSize        a larger file is not copied ({@code MILK_MEDIA_MAX_FILE_SIZE})
 * @param maxArchiveSize     copies of one archive stop there ({@code MILK_MEDIA_MAX_ARCHIVE_SIZE})
 * @param timeout            one download, redirects included ({@code MILK_MEDIA_TIMEOUT})
 * @param attempts           downloads of one file before it is marked failed ({@code MILK_MEDIA_ATTEMPTS})
 * @param retryBackoff       the wait before the second attempt, doubled for each further one
 *                           ({@code MILK_MEDIA_RETRY_BACKOFF})
 * @param interval           how often each writer looks for media to copy ({@code MILK_MEDIA_INTERVAL})
 * @param trustStore         a PKCS12 file of further certificates to trust, for a mirror with a
 *                           private CA ({@code MILK_MEDIA_TRUST_STORE}, {@code _PASSWORD})
 */
@ConfigurationProperties("milk.media")
public record MediaProperties(
        @DefaultValue("true") boolean copy,
        @DefaultValue({"cdn.discordapp.com", "media.discordapp.net"}) List<String> allowedHosts,
        @DefaultValue("") List<String> allowedNetworks,
        @DefaultValue("50MB") DataSize maxFileSize,
        @DefaultValue("2GB") DataSize maxArchiveSize,
        @DefaultValue("30s") Duration timeout,
        @DefaultValue("5") int attempts,
        @DefaultValue("30s") Duration retryBackoff,
        @DefaultValue("2s") Duration interval,
        @DefaultValue("") String trustStore,
        @DefaultValue("") String trustStorePassword) {

    public MediaProperties {
        allowedHosts = allowedHosts.stream().map(String::strip).filter(h -> !h.isEmpty()).toList();
        allowedNetworks = allowedNetworks.stream().map(String::strip).filter(n -> !n.isEmpty()).toList();
        if (maxFileSize.toBytes() <= 0 || maxFileSize.toBytes() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("MILK_MEDIA_MAX_FILE_SIZE must be between 1B and 2GB");
        }
        if (maxArchiveSize.toBytes() <= 0) {
            throw new IllegalArgumentException("MILK_MEDIA_MAX_ARCHIVE_SIZE must be positive");
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("MILK_MEDIA_ATTEMPTS must be at least 1");
        }
        requirePositive(timeout, "MILK_MEDIA_TIMEOUT");
        requirePositive(retryBackoff, "MILK_MEDIA_RETRY_BACKOFF");
        requirePositive(interval, "MILK_MEDIA_INTERVAL");
    }
}
