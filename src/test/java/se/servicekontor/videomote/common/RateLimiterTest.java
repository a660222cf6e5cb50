package se.servicekontor.videomote.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final RateLimiter limiter = new RateLimiter();

    @Test
    void shouldRefuseOverBurstWithRetryAfterAndKeepOtherClientsApart() {
        var limit = new RateLimiter.Limit("test", 3, 60);
        for (int i = 0; i < 3; i++) {
            limiter.check(limit, "kiosk-a");
        }
        assertThatThrownBy(() -> limiter.check(limit, "kiosk-a"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.retryAfterSeconds()).isBetween(1L, 2L);
                });
        limiter.check(limit, "kiosk-b");
        limiter.check(new RateLimiter.Limit("other", 1, 1), "kiosk-a");
    }

    @Test
    void shouldRefillAtTheConfiguredRate() {
        var bucket = new TokenBucket(1, 1.0, 0);
        assertThat(bucket.tryTake(0)).isTrue();
        assertThat(bucket.tryTake(500_000_000L)).isFalse();
        assertThat(bucket.nanosUntilToken(500_000_000L)).isBetween(499_000_000L, 500_000_001L);
        assertThat(bucket.tryTake(1_000_000_000L)).isTrue();
        assertThat(bucket.isFull(1_000_000_000L)).isFalse();
        assertThat(bucket.isFull(2_000_000_000L)).isTrue();
    }

    @Test
    void shouldForgetBucketsThatHaveRefilled() throws InterruptedException {
        var limit = new RateLimiter.Limit("fast", 1, 60_000);
        limiter.check(limit, "a");
        assertThat(limiter.tracked()).isEqualTo(1);
        Thread.sleep(5);
        limiter.sweep();
        assertThat(limiter.tracked()).isZero();
    }
}
