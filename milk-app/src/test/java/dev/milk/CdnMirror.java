package dev.milk;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import dev.milk.archive.CdnStandIn;
import dev.milk.media.MediaMirror;

/** Avatars' links name no port: the copier downloads them from the CDN stand-in's ({@link CdnStandIn#mirror}). */
@TestConfiguration(proxyBeanMethods = false)
class CdnMirror {

    @Bean
    MediaMirror cdnStandInMirror() {
        return CdnStandIn.shared()::mirror;
    }
}
