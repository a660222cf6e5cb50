package se.servicekontor.videomote.offices;

/** A fixed office, or a mobile one that is open only at its stops. */
public enum OfficeKind {
    FIXED, MOBILE
}
