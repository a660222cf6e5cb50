package se.servicekontor.videomote.local;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Demo mode: demo data and ready tokens for a person trying the service. Never enabled in production. */
@ConfigMapping(prefix = "videomote.demo")
public interface DemoConfig {

    /** Load demo data at start-up and serve ready tokens at {@code /demo/tokens}. */
    @WithDefault("false")
    boolean enabled();

    /** How far ahead demo shifts and mobile-office stops are kept, topped up at every start. */
    @WithDefault("21")
    int daysAhead();

    /**
     * The address demo mode listens on: loopback only by default, because {@code /demo/tokens} hands admin tokens to
     * whoever asks. {@code VIDEOMOTE_DEMO_HOST=0.0.0.0} opens it to the network on purpose.
     */
    @WithDefault("127.0.0.1")
    String host();

    /** Lifetime of the tokens served at {@code /demo/tokens}. */
    @WithDefault("PT12H")
    Duration tokenLifetime();
}
