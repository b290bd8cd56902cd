package dev.milk.reads.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.KDF;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.HKDFParameterSpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.core.serializer.support.DeserializingConverter;
import org.springframework.core.serializer.support.SerializationFailedException;
import org.springframework.core.serializer.support.SerializingConverter;

/**
 * Session attributes as PostgreSQL keeps them once login is on: sealed (AES-GCM) with a key drawn
 * from Discord's client secret, which every reads replica has. A session then holds the reader's
 * Discord access and refresh tokens and profile; sealed, a backup or a dump holds none of them.
 * What Spring Session keeps beside them stays plain: the session's id (the cookie's value, so a
 * live session can be taken over by whoever reads {@code spring_session}), the principal's name
 * (the Discord id) and the attributes' names. An attribute sealed with another key (the client
 * secret changed), stored before sealing, or of a class that changed reads as absent: its reader
 * logs in again.
 */
final class SealedSessionAttributes {

    private static final Logger log = LoggerFactory.getLogger(SealedSessionAttributes.class);
    /** What a sealed attribute starts with: a format an older Milk's plain attributes never begin with. */
    private static final byte[] FORMAT = {'m', 'i', 'l', 'k', 's', '1'};
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom NONCES = new SecureRandom();

    private final SecretKey key;

    private SealedSessionAttributes(SecretKey key) {
        this.key = key;
    }

    /** What Spring Session converts attributes with ({@code springSessionConversionService}). */
    static ConversionService conversionService(String clientSecret, ClassLoader classLoader) {
        var sealed = new SealedSessionAttributes(key(clientSecret));
        var serializing = new SerializingConverter();
        var deserializing = new DeserializingConverter(classLoader);
        var conversions = new GenericConversionService();
        conversions.addConverter(Object.class, byte[].class, attribute -> sealed.seal(serializing.convert(attribute)));
        conversions.addConverter(byte[].class, Object.class, stored -> {
            byte[] opened = sealed.open(stored);
            if (opened == null) {
                return null;
            }
            try {
                return deserializing.convert(opened);
            } catch (SerializationFailedException e) {
                log.debug("a session attribute whose class changed (a Spring Security upgrade), read as absent", e);
                return null;
            }
        });
        return conversions;
    }

    private static SecretKey key(String clientSecret) {
        try {
            return KDF.getInstance("HKDF-SHA256").deriveKey("AES", HKDFParameterSpec.ofExtract()
                    .addIKM(clientSecret.getBytes(StandardCharsets.UTF_8))
                    .thenExpand("milk session attributes 1".getBytes(StandardCharsets.UTF_8), 32));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no HKDF-SHA256 or AES in this JDK", e);
        }
    }

    byte[] seal(byte[] plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        NONCES.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = new byte[FORMAT.length + NONCE_BYTES + cipher.getOutputSize(plain.length)];
            System.arraycopy(FORMAT, 0, sealed, 0, FORMAT.length);
            System.arraycopy(nonce, 0, sealed, FORMAT.length, NONCE_BYTES);
            cipher.doFinal(plain, 0, plain.length, sealed, FORMAT.length + NONCE_BYTES);
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing a session attribute", e);
        }
    }

    /** The attribute, or null when it was not sealed with this key. */
    byte[] open(byte[] sealed) {
        int header = FORMAT.length + NONCE_BYTES;
        if (sealed.length < header || !Arrays.equals(sealed, 0, FORMAT.length, FORMAT, 0, FORMAT.length)) {
            log.debug("a session attribute stored before sealing, read as absent");
            return null;
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, FORMAT.length, NONCE_BYTES));
            return cipher.doFinal(sealed, header, sealed.length - header);
        } catch (GeneralSecurityException e) {
            log.debug("a session attribute sealed with another key (the client secret changed), read as absent");
            return null;
        }
    }
}
