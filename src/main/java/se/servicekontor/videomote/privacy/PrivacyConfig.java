package se.servicekontor.videomote.privacy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Encryption of personal numbers, erasure of personal data and the access log ({@code videomote.privacy.*}). */
@ConfigMapping(prefix = "videomote.privacy")
public interface PrivacyConfig {

    /**
     * How long after a booking or visit ended its personal data (name, phone, e-mail, personal number) is kept; then
     * the retention job erases it. Notifications read the same property for their recipients and texts.
     */
    @WithDefault("P30D")
    Duration retention();

    /** How often the retention job runs (a Quarkus scheduler period such as {@code 10m}; {@code off} disables it). */
    @WithDefault("10m")
    String retentionEvery();

    /** Rows one retention transaction erases; the job repeats until nothing due is left. */
    @WithDefault("500")
    int retentionBatch();

    /**
     * The keys that encrypt personal numbers (AES-GCM), as {@code id:base64} of 16, 24 or 32 bytes, comma-separated
     * (environment: {@code VIDEOMOTE_PRIVACY_ENCRYPTION_KEYS}). Every key listed still decrypts; new values are
     * encrypted with {@link #encryptionKeyId()}. No default: the service does not start without keys.
     */
    List<String> encryptionKeys();

    /** The id, among {@link #encryptionKeys()}, of the key new values are encrypted with. */
    String encryptionKeyId();

    /**
     * The key (base64, at least 32 bytes) of the HMAC-SHA-256 that lets personal numbers be looked up without their
     * clear value (environment: {@code VIDEOMOTE_PRIVACY_LOOKUP_KEY}). To change it, put the old key into
     * {@link #previousLookupKeys()}: lookups try both until the re-encryption job has rehashed every stored number.
     */
    String lookupKey();

    /**
     * Earlier lookup keys (base64, comma-separated; environment: {@code VIDEOMOTE_PRIVACY_PREVIOUS_LOOKUP_KEYS}) that
     * stored hashes may still be under during a rotation. Remove a key once no row names its fingerprint (see
     * docs/privacy.md).
     */
    Optional<List<String>> previousLookupKeys();

    /** How often values encrypted with an older key (or still in clear) are re-encrypted with the current key. */
    @WithDefault("10m")
    String reencryptEvery();

    /** Rows one re-encryption transaction handles. */
    @WithDefault("500")
    int reencryptBatch();

    /** The most audit rows one page of {@code GET /api/v1/audit} answers. */
    @WithDefault("1000")
    int auditMaxLimit();
}
