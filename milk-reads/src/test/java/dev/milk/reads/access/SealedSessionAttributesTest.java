package dev.milk.reads.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.serializer.support.SerializingConverter;

class SealedSessionAttributesTest {

    private static final ClassLoader LOADER = SealedSessionAttributesTest.class.getClassLoader();

    private final ConversionService sealing = SealedSessionAttributes.conversionService("client secret", LOADER);

    @Test
    void anAttributeComesBackAsItWasAndIsStoredWithoutAWordOfIt() {
        Map<String, String> attribute = new HashMap<>(Map.of("access_token", "discord-access-token-of-zelda"));
        byte[] stored = sealing.convert(attribute, byte[].class);

        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("discord-access-token-of-zelda")
                .doesNotContain("HashMap");
        assertThat(sealing.convert(stored, Object.class)).isEqualTo(attribute);
        assertThat(sealing.convert(attribute, byte[].class)).as("sealed again: another nonce").isNotEqualTo(stored);
    }

    @Test
    void anAttributeSealedWithAnotherSecretOrStoredPlainReadsAsAbsent() {
        byte[] stored = sealing.convert("zelda", byte[].class);
        ConversionService rotated = SealedSessionAttributes.conversionService("another client secret", LOADER);
        assertThat(rotated.convert(stored, Object.class)).as("after the client secret changed").isNull();

        byte[] plain = new SerializingConverter().convert("zelda");
        assertThat(sealing.convert(plain, Object.class)).as("stored before sealing").isNull();

        stored[stored.length - 1] ^= 1;
        assertThat(sealing.convert(stored, Object.class)).as("changed in the table").isNull();
    }
}
