package se.servicekontor.videomote.security;

/** The roles of the {@code groups} claim. */
public final class Roles {

    public static final String ADMIN = "admin";
    /** Front-desk staff of one office ({@code office} claim). */
    public static final String DESK = "desk";
    /** A case officer; {@code sub} is the officer id and {@code agency} the officer's agency. */
    public static final String OFFICER = "officer";
    /** A kiosk or waiting-room screen of one office ({@code office} claim). */
    public static final String KIOSK = "kiosk";
    /** The terminal in one visitor room ({@code office} and {@code room} claims). */
    public static final String ROOM = "room";

    private Roles() {
    }
}
