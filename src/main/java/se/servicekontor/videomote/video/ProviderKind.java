package se.servicekontor.videomote.video;

/** The video providers; stored with each session, so a session keeps its provider when the configuration changes. */
public enum ProviderKind {
    /** WebRTC between the room terminal and the officer's browser, signaling relayed by this service. */
    BUILTIN,
    /** A Jitsi Meet room per session, entered with a Jitsi JWT per side. */
    JITSI
}
