package dev.milk.media;

import static dev.milk.settings.SettingChecks.requirePositive;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Copies of archived media ({@code MILK_MEDIA_*}).
 *
 * @param copy               whether writers copy media at all ({@code MILK_MEDIA_COPY})
 * @param store              where copies are kept: {@code postgres}, the database both roles share, or
 *                           {@code s3}, an S3-compatible object store ({@code MILK_MEDIA_STORE})
 * @param s3                 the object store, when {@code store} is {@code s3} ({@code MILK_MEDIA_S3_*})
 * @param allowedHosts       the only hosts copied from, redirects included; Discord's CDN by default
 *                           ({@code MILK_MEDIA_ALLOWED_HOSTS})
 * @param allowedNetworks    private networks (CIDR) a copy may still come from, say a CDN mirror
 *                           inside the cluster; none by default: loopback, private, link-local and
 *                           other non-public addresses are refused ({@code MILK_MEDIA_ALLOWED_NETWORKS})
 * @param maxFileSize        a larger file is not copied ({@code MILK_MEDIA_MAX_FILE_SIZE})
 * @param maxArchiveSize     copies of one archive stop there ({@code MILK_MEDIA_MAX_ARCHIVE_SIZE})
 * @param timeout            one download, redirects included, and one request to the S3 store: to connect,
 *                           and to be answered, an upload whole ({@code MILK_MEDIA_TIMEOUT})
 * @param attempts           downloads of one file before it is marked failed ({@code MILK_MEDIA_ATTEMPTS})
 * @param retryBackoff       the wait before the second attempt, doubled for each further one
 *                           ({@code MILK_MEDIA_RETRY_BACKOFF})
 * @param interval           how often each writer looks for media to copy ({@code MILK_MEDIA_INTERVAL})
 * @param concurrentCopies   downloads each writer runs at once ({@code MILK_MEDIA_CONCURRENT_COPIES}); each
 *                           holds about half a MiB of heap, whatever the file's size
 * @param trustStore         a PKCS12 file of further certificates to trust, for a mirror with a
 *                           private CA ({@code MILK_MEDIA_TRUST_STORE}, {@code _PASSWORD})
 */
@ConfigurationProperties("milk.media")
public record MediaProperties(
        @DefaultValue("true") boolean copy,
        @DefaultValue("postgres") Store store,
        @DefaultValue S3 s3,
        @DefaultValue({"cdn.discordapp.com", "media.discordapp.net"}) List<String> allowedHosts,
        @DefaultValue("") List<String> allowedNetworks,
        @DefaultValue("50MB") DataSize maxFileSize,
        @DefaultValue("2GB") DataSize maxArchiveSize,
        @DefaultValue("30s") Duration timeout,
        @DefaultValue("5") int attempts,
        @DefaultValue("30s") Duration retryBackoff,
        @DefaultValue("2s") Duration interval,
        @DefaultValue("4") int concurrentCopies,
        @DefaultValue("") String trustStore,
        @DefaultValue("") String trustStorePassword) {

    public enum Store { POSTGRES, S3 }

    /**
     * @param endpoint  the store's URL, for one that is not AWS (MinIO, Ceph, Garage, R2...); empty: AWS
     *                  ({@code MILK_MEDIA_S3_ENDPOINT})
     * @param region    ({@code MILK_MEDIA_S3_REGION})
     * @param bucket    where copies go, which must exist ({@code MILK_MEDIA_S3_BUCKET})
     * @param accessKey with {@code secretKey}: the credentials; both empty: the AWS SDK's default chain
     *                  (environment, profile, instance role) ({@code MILK_MEDIA_S3_ACCESS_KEY},
     *                  {@code MILK_MEDIA_S3_SECRET_KEY}, or their {@code _FILE})
     * @param pathStyle {@code bucket} in the path, not the host name, as most stores other than AWS
     *                  expect ({@code MILK_MEDIA_S3_PATH_STYLE})
     */
    public record S3(@DefaultValue("") String endpoint, @DefaultValue("us-east-1") String region,
            @DefaultValue("") String bucket, @DefaultValue("") String accessKey, @DefaultValue("") String secretKey,
            @DefaultValue("false") boolean pathStyle) {
    }

    public MediaProperties {
        if (store == Store.S3 && s3.bucket().isBlank()) {
            throw new IllegalArgumentException("MILK_MEDIA_S3_BUCKET is not set; MILK_MEDIA_STORE=s3 requires it");
        }
        if (s3.accessKey().isBlank() != s3.secretKey().isBlank()) {
            throw new IllegalArgumentException(
                    "MILK_MEDIA_S3_ACCESS_KEY and MILK_MEDIA_S3_SECRET_KEY are set together, or neither");
        }
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
        if (concurrentCopies < 1 || concurrentCopies > 64) {
            throw new IllegalArgumentException("MILK_MEDIA_CONCURRENT_COPIES must be between 1 and 64");
        }
    }
}
