package se.servicekontor.videomote.bench.harness;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Mints RS256 bearer tokens the way the identity provider would: {@code iss}, {@code aud}, {@code sub}, {@code groups}, scoping claims. */
public final class Tokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final PrivateKey key;
    private final String issuer;

    public Tokens(PrivateKey key, String issuer) {
        this.key = key;
        this.issuer = issuer;
    }

    public String admin() {
        return mint("bench-admin", "admin", Map.of());
    }

    public String desk(String office) {
        return mint("bench-desk-" + office, "desk", Map.of("office", office));
    }

    public String kiosk(String office) {
        return mint("bench-kiosk-" + office, "kiosk", Map.of("office", office));
    }

    public String officer(UUID officer, String agency) {
        return mint(officer.toString(), "officer", Map.of("agency", agency));
    }

    /** A token for {@code subject} with one role and extra claims, valid for three hours. */
    public String mint(String subject, String role, Map<String, String> claims) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("iss", issuer);
        // The audience the service requires (mp.jwt.verify.audiences).
        payload.put("aud", "videomote");
        payload.put("sub", subject);
        payload.put("upn", subject);
        payload.put("groups", List.of(role));
        payload.put("iat", now);
        payload.put("exp", now + 3 * 3600);
        payload.put("jti", UUID.randomUUID().toString());
        payload.putAll(claims);
        try {
            String signingInput = B64.encodeToString(JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT")))
                    + "." + B64.encodeToString(JSON.writeValueAsBytes(payload));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(rsa.sign());
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign token", e);
        }
    }
}
