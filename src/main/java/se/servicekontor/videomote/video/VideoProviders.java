package se.servicekontor.videomote.video;

import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/** The configured provider for new sessions, and each session's own provider for joins. */
@ApplicationScoped
class VideoProviders {

    private final Map<ProviderKind, VideoProvider> byKind = new EnumMap<>(ProviderKind.class);
    private final ProviderKind configured;

    VideoProviders(Instance<VideoProvider> providers, VideoConfig config) {
        providers.forEach(p -> byKind.put(p.kind(), p));
        this.configured = config.provider();
    }

    /** Fails the start when the chosen provider lacks configuration, rather than the first call of a visit. */
    void check(@Observes StartupEvent event) {
        forNewSessions().requireConfigured();
        Log.infof("Video sessions use the %s provider", configured);
    }

    VideoProvider forNewSessions() {
        return of(configured);
    }

    VideoProvider of(ProviderKind kind) {
        VideoProvider provider = byKind.get(kind);
        if (provider == null) {
            throw new IllegalStateException("No video provider " + kind);
        }
        return provider;
    }
}
